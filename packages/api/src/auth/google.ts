import { CodeChallengeMethod, decodeIdToken, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
import type { Deps } from '../core/context';
import type { AppSettings } from '../core/settings';
import { isAdmin, isMemberInGoodStanding } from '../skool/roles';
import { recordAudit } from './audit';
import { findMemberByEmail, memberFields } from './members';
import { type SignedIn, startSignedInSession } from './sign-in';

export const GOOGLE_STATE_COOKIE = 'hc_google_state';
export const GOOGLE_VERIFIER_COOKIE = 'hc_google_verifier';

export interface GoogleClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

type GoogleSettings = NonNullable<AppSettings['google']>;

function client(google: GoogleSettings, publicUrl: string): OAuth2Client {
  return new OAuth2Client(google.clientId, google.clientSecret, `${publicUrl}/auth/google/callback`);
}

/** Step 1: where to send the browser, and the state and PKCE verifier to keep in cookies. */
export function beginGoogleSignIn(
  google: GoogleSettings,
  publicUrl: string,
): { url: URL; state: string; codeVerifier: string } {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = client(google, publicUrl).createAuthorizationURLWithPKCE(
    google.authorizationUrl,
    state,
    CodeChallengeMethod.S256,
    codeVerifier,
    ['openid', 'profile', 'email'],
  );
  return { url, state, codeVerifier };
}

/** Step 2: trade the code for tokens (arctic) and read the ID token Google sent us directly. */
export async function exchangeGoogleCode(
  google: GoogleSettings,
  publicUrl: string,
  code: string,
  codeVerifier: string,
): Promise<GoogleClaims> {
  const tokens = await client(google, publicUrl).validateAuthorizationCode(google.tokenUrl, code, codeVerifier);
  return decodeIdToken(tokens.idToken()) as GoogleClaims;
}

export type GoogleSignInResult =
  | { ok: true; signedIn: SignedIn }
  | { ok: false; reason: 'not_a_member' | 'unverified_email' };

/**
 * Step 3: links by googleId, else by verified email to an existing member. Either way, people
 * who are not Skool members in good standing (active or in grace) or admins are refused: a
 * Google account linked once does not outlive the membership.
 */
export async function completeGoogleSignIn(
  deps: Deps<'db' | 'http' | 'ip' | 'now' | 'settings' | 'userAgent'>,
  claims: GoogleClaims,
): Promise<GoogleSignInResult> {
  const now = deps.now();
  const linked = await deps.db.user.findFirst({
    where: { googleId: claims.sub, deletedAt: null },
    select: memberFields,
  });
  if (!linked && (!claims.email || claims.email_verified !== true)) return { ok: false, reason: 'unverified_email' };
  const member = linked ?? (claims.email ? await findMemberByEmail(deps.db, claims.email.toLowerCase()) : null);
  if (!member || !(isMemberInGoodStanding(member, now) || isAdmin(member, deps.settings.adminEmails))) {
    await recordAudit(deps.db, {
      action: 'auth.sign_in_refused',
      userId: member?.id ?? null,
      ip: deps.ip,
      userAgent: deps.userAgent,
      metadata: { method: 'google', reason: 'not_a_member' },
    });
    return { ok: false, reason: 'not_a_member' };
  }
  if (!linked) await deps.db.user.update({ where: { id: member.id }, data: { googleId: claims.sub } });
  return { ok: true, signedIn: await startSignedInSession(deps, { userId: member.id, method: 'google' }) };
}
