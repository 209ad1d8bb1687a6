import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { requireRole, requireViewer } from './auth/guards';
import { safeRedirectTarget } from './auth/redirect-target';
import { AppShell } from './components/layout/AppShell';
import { ClientContextPage } from './pages/clients/ClientContextPage';
import { ClientsPage } from './pages/clients/ClientsPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { LandingPage } from './pages/landing/LandingPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OnboardingPage } from './pages/onboarding/OnboardingPage';
import { RouteErrorPage } from './pages/RouteErrorPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { parseSignInSearch } from './pages/sign-in/sign-in-search';
import { queryClient, trpc } from './trpc';

/** What every route's loader gets, so pages can prefetch through tRPC before rendering. */
export interface RouterContext {
  queryClient: QueryClient;
  trpc: typeof trpc;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <AppShell>
      <Outlet />
    </AppShell>
  ),
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

const landingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: LandingPage,
});

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: parseSignInSearch,
  // Someone already signed in has nothing to do here.
  beforeLoad: async ({ context, search }) => {
    const viewer = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (viewer) {
      throw redirect({
        href: viewer.needsOnboarding ? '/onboarding' : safeRedirectTarget(search.redirect),
        replace: true,
      });
    }
  },
  component: SignInPage,
});

/** Everything below needs a signed-in person (and a client who finished onboarding). */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: requireViewer,
});

const onboardingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/onboarding',
  beforeLoad: ({ context }) => {
    if (!context.viewer.needsOnboarding) throw redirect({ to: '/dashboard', replace: true });
  },
  component: OnboardingPage,
});

const dashboardRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/dashboard',
  component: DashboardPage,
});

const settingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/settings',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.profile.queryOptions());
    void context.queryClient.prefetchQuery(context.trpc.auth.sessions.queryOptions());
  },
  component: SettingsPage,
});

/** Coaches' and admins' pages. */
const staffRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'staff',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['coach', 'admin']),
});

const clientsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.myClients.queryOptions());
  },
  component: ClientsPage,
});

export const clientContextRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients/$clientId/context',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.clientContext.queryOptions({ clientId: params.clientId }));
  },
  component: ClientContextPage,
});

// Development pages. In a production build the condition is `false` at compile time, so this
// list and its dynamic imports are dead code and the pages never reach the bundle. It is
// written out here rather than imported from dev-tools.ts on purpose: only in the module that
// holds the import() calls is it folded early enough for the bundler not to emit their chunks.
const devRoutes =
  import.meta.env.DEV || import.meta.env.VITE_DEV_TOOLS === 'true'
    ? [
        createRoute({
          getParentRoute: () => rootRoute,
          path: '/dev/sign-in',
          validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
            redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
          }),
          component: lazyRouteComponent(() => import('./dev/DevSignInPage'), 'DevSignInPage'),
        }),
        createRoute({
          getParentRoute: () => rootRoute,
          path: '/dev/mailbox',
          component: lazyRouteComponent(() => import('./dev/DevMailboxPage'), 'DevMailboxPage'),
        }),
      ]
    : [];

const routeTree = rootRoute.addChildren([
  landingRoute,
  signInRoute,
  signedInRoute.addChildren([
    onboardingRoute,
    dashboardRoute,
    settingsRoute,
    staffRoute.addChildren([clientsRoute, clientContextRoute]),
  ]),
  ...devRoutes,
]);

export const router = createRouter({
  routeTree,
  context: { queryClient, trpc },
  defaultPreload: 'intent',
  // Loaders read through the query cache, which decides freshness itself.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
