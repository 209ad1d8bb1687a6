import { type ParsedLocation, redirect } from '@tanstack/react-router';
import type { RouterContext } from '../router';
import type { Role, Viewer } from './viewer';

interface GuardArgs {
  context: RouterContext;
  location: ParsedLocation;
}

/**
 * For `beforeLoad` of pages that need a signed-in person: signed-out visitors go to the sign-in
 * page (and come back afterwards); a client who has not finished onboarding goes there first.
 * Returns the viewer, which becomes part of the child routes' context.
 */
export async function requireViewer({ context, location }: GuardArgs): Promise<{ viewer: Viewer }> {
  const viewer = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
  if (!viewer) {
    throw redirect({ to: '/sign-in', search: { redirect: location.href }, replace: true });
  }
  if (viewer.needsOnboarding && location.pathname !== '/onboarding') {
    throw redirect({ to: '/onboarding', replace: true });
  }
  return { viewer };
}

/** For pages of some roles only: anyone else is sent to their dashboard. */
export function requireRole(viewer: Viewer, roles: readonly Role[]): void {
  if (!roles.includes(viewer.role)) throw redirect({ to: '/dashboard', replace: true });
}
