/** The sign-in page's query string: `/sign-in?step=code&email=…&redirect=/settings`, or `?error=…` from Google. */
export interface SignInSearch {
  step?: 'code';
  email?: string;
  /** Where to go once signed in (a path of this site; see safeRedirectTarget). */
  redirect?: string;
  /** Why the Google sign-in failed (set by the server's redirect). */
  error?: string;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  // The router parses `?email=123` as a number; it was still typed as text.
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function parseSignInSearch(search: Record<string, unknown>): SignInSearch {
  return {
    step: search.step === 'code' ? 'code' : undefined,
    email: text(search.email),
    redirect: text(search.redirect),
    error: text(search.error),
  };
}
