/**
 * Where to go after signing in. Only paths of this site are followed: a `redirect` pointing
 * elsewhere (`//evil.example`, `https://…`, `javascript:`) falls back to the dashboard.
 */
export function safeRedirectTarget(redirect: string | undefined | null, fallback = '/dashboard'): string {
  if (!redirect) return fallback;
  if (!redirect.startsWith('/') || redirect.startsWith('//') || redirect.startsWith('/\\')) return fallback;
  // Signing in again from the sign-in page would loop.
  if (redirect === '/sign-in' || redirect.startsWith('/sign-in?') || redirect.startsWith('/sign-in/')) return fallback;
  return redirect;
}
