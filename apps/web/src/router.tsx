import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouterState,
} from '@tanstack/react-router';
import { requireRole, requireViewer } from './auth/guards';
import { safeRedirectTarget } from './auth/redirect-target';
import { AppShell } from './components/layout/AppShell';
import { RouterShellLink } from './components/layout/RouterShellLink';
import { parseMonthSearch } from './components/payment/month';
import { parseMetricsSearch } from './pages/admin/metrics/metrics-search';
import { parseUsersSearch } from './pages/admin/users/users-search';
import { parseAgendaSearch } from './pages/agenda/agenda-search';
import { parseAppointmentSearch, parseAppointmentsSearch } from './pages/appointments/appointment-search';
import { parseCoachSlotsSearch } from './pages/booking/booking-search';
import { parseMessagesSearch } from './pages/messages/messages-search';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteErrorPage } from './pages/RouteErrorPage';
import { parseSignInSearch } from './pages/sign-in/sign-in-search';
import { queryClient, trpc } from './trpc';

/** What every route's loader gets, so pages can prefetch through tRPC before rendering. */
export interface RouterContext {
  queryClient: QueryClient;
  trpc: typeof trpc;
}

function RootLayout() {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <AppShell pathname={pathname} Link={RouterShellLink}>
      <Outlet />
    </AppShell>
  );
}

// Every page is its own chunk, loaded when its route is first visited (or hovered:
// defaultPreload). A first visit of the landing page does not load the app at all (landing.tsx).
const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

const landingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./pages/landing/LandingPage'), 'LandingPage'),
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
  component: lazyRouteComponent(() => import('./pages/sign-in/SignInPage'), 'SignInPage'),
});

/** The one-click link of a sign-in email (the token is in the fragment). */
const signInLinkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/link',
  component: lazyRouteComponent(() => import('./pages/sign-in/SignInLinkPage'), 'SignInLinkPage'),
});

/** The one-time link that makes the first admin of a database without one. */
const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('./pages/setup/SetupAdminPage'), 'SetupAdminPage'),
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
  component: lazyRouteComponent(() => import('./pages/onboarding/OnboardingPage'), 'OnboardingPage'),
});

const dashboardRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/dashboard',
  component: lazyRouteComponent(() => import('./pages/dashboard/DashboardPage'), 'DashboardPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/settings',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.profile.queryOptions());
    void context.queryClient.prefetchQuery(context.trpc.auth.sessions.queryOptions());
  },
  component: lazyRouteComponent(() => import('./pages/settings/SettingsPage'), 'SettingsPage'),
});

/** A session's live room: joins on open (see RoomPage). */
const roomRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/room/$appointmentId',
  component: lazyRouteComponent(() => import('./pages/room/RoomPage'), 'RoomPage'),
});

const sessionsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sessions',
  component: lazyRouteComponent(() => import('./pages/sessions/SessionsPage'), 'SessionsPage'),
});

const sessionDetailRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sessions/$appointmentId',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(
      context.trpc.session.detail.queryOptions({ appointmentId: params.appointmentId }),
    );
  },
  component: lazyRouteComponent(() => import('./pages/sessions/SessionDetailPage'), 'SessionDetailPage'),
});

// Scheduling: booking, appointments and notifications (everyone signed in).
const bookingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/book',
  component: lazyRouteComponent(() => import('./pages/booking/BookingPage'), 'BookingPage'),
});

const coachSlotsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/book/$coachId',
  validateSearch: parseCoachSlotsSearch,
  component: lazyRouteComponent(() => import('./pages/booking/CoachSlotsPage'), 'CoachSlotsPage'),
});

const appointmentsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/appointments',
  validateSearch: parseAppointmentsSearch,
  component: lazyRouteComponent(() => import('./pages/appointments/AppointmentsPage'), 'AppointmentsPage'),
});

const appointmentRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/appointments/$appointmentId',
  validateSearch: parseAppointmentSearch,
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(
      context.trpc.scheduling.appointment.queryOptions({ appointmentId: params.appointmentId }),
    );
  },
  component: lazyRouteComponent(() => import('./pages/appointments/AppointmentDetailPage'), 'AppointmentDetailPage'),
});

const rescheduleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/appointments/$appointmentId/reschedule',
  component: lazyRouteComponent(() => import('./pages/appointments/ReschedulePage'), 'ReschedulePage'),
});

/** Messages between sessions: the list, and one conversation. */
const messagesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/messages',
  validateSearch: parseMessagesSearch,
  component: lazyRouteComponent(() => import('./pages/messages/MessagesPage'), 'MessagesPage'),
});

const threadRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/messages/$threadId',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(context.trpc.messages.thread.queryOptions({ threadId: params.threadId }));
  },
  component: lazyRouteComponent(() => import('./pages/messages/ThreadPage'), 'ThreadPage'),
});

const notificationsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/notifications',
  component: lazyRouteComponent(() => import('./pages/notifications/NotificationsPage'), 'NotificationsPage'),
});

/** Coaches' and admins' pages. */
const staffRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'staff',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['coach', 'admin']),
});

/** The coaching loop's pages of coaches: reviewing recaps, one client's notes/goals/homework, exercises. */
const coachRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'coach-only',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['coach']),
});

const recapReviewRoute = createRoute({
  getParentRoute: () => coachRoute,
  path: '/sessions/$appointmentId/recap',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(
      context.trpc.coaching.recap.draft.queryOptions({ appointmentId: params.appointmentId }),
    );
  },
  component: lazyRouteComponent(() => import('./pages/coaching/RecapReviewPage'), 'RecapReviewPage'),
});

const clientCoachingRoute = createRoute({
  getParentRoute: () => coachRoute,
  path: '/clients/$clientId/coaching',
  component: lazyRouteComponent(() => import('./pages/coaching/ClientCoachingPage'), 'ClientCoachingPage'),
});

const exercisesRoute = createRoute({
  getParentRoute: () => coachRoute,
  path: '/exercises',
  component: lazyRouteComponent(() => import('./pages/coaching/ExercisesPage'), 'ExercisesPage'),
});

/** A client's goals and homework. */
const clientOnlyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'client-only',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['client']),
});

const goalsRoute = createRoute({
  getParentRoute: () => clientOnlyRoute,
  path: '/goals',
  component: lazyRouteComponent(() => import('./pages/coaching/GoalsPage'), 'GoalsPage'),
});

const homeworkRoute = createRoute({
  getParentRoute: () => clientOnlyRoute,
  path: '/homework',
  component: lazyRouteComponent(() => import('./pages/coaching/HomeworkPage'), 'HomeworkPage'),
});

const clientsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.myClients.queryOptions());
  },
  component: lazyRouteComponent(() => import('./pages/clients/ClientsPage'), 'ClientsPage'),
});

export const clientContextRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients/$clientId/context',
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(context.trpc.user.clientContext.queryOptions({ clientId: params.clientId }));
  },
  component: lazyRouteComponent(() => import('./pages/clients/ClientContextPage'), 'ClientContextPage'),
});

const agendaRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/agenda',
  validateSearch: parseAgendaSearch,
  component: lazyRouteComponent(() => import('./pages/agenda/AgendaPage'), 'AgendaPage'),
});

/** The availability editor is the coach's own (admins have none). */
const availabilityRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/availability',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['coach']),
  // Coaches only, and the one page with the shared form schemas (zod) and TanStack Form so far.
  component: lazyRouteComponent(() => import('./pages/availability/AvailabilityPage'), 'AvailabilityPage'),
});

/** A coach's tips, per month and per session (admins see every coach's in the payout report). */
const tipsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/tips',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['coach']),
  validateSearch: parseMonthSearch,
  component: lazyRouteComponent(() => import('./pages/tips/TipsPage'), 'TipsPage'),
});

/**
 * Admins' pages: Skool memberships, platform metrics, tips and payouts. Loaded on first visit
 * (with the charts), so that the few people who use them do not make every visitor download them.
 */
const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  id: 'admin-only',
  beforeLoad: ({ context }) => requireRole(context.viewer, ['admin']),
});

/** `/admin` is the first admin page, so that the nav's one "Admin" link is current on all of them. */
const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin',
  beforeLoad: () => {
    throw redirect({ to: '/admin/skool', replace: true });
  },
});

const adminSkoolRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/skool',
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(context.trpc.admin.skool.overview.queryOptions());
  },
  component: lazyRouteComponent(() => import('./pages/admin/skool/SkoolAdminPage'), 'SkoolAdminPage'),
});

const adminMetricsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/metrics',
  validateSearch: parseMetricsSearch,
  component: lazyRouteComponent(() => import('./pages/admin/metrics/MetricsPage'), 'MetricsPage'),
});

const adminUsersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/users',
  validateSearch: parseUsersSearch,
  component: lazyRouteComponent(() => import('./pages/admin/users/UsersAdminPage'), 'UsersAdminPage'),
});

const adminUserRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/users/$userId',
  component: lazyRouteComponent(() => import('./pages/admin/users/UserAdminPage'), 'UserAdminPage'),
});

const adminCoachesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/coaches',
  component: lazyRouteComponent(() => import('./pages/admin/coaches/CoachesAdminPage'), 'CoachesAdminPage'),
});

const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/audit',
  component: lazyRouteComponent(() => import('./pages/admin/audit/AuditLogPage'), 'AuditLogPage'),
});

const adminPaymentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/payments',
  validateSearch: parseMonthSearch,
  component: lazyRouteComponent(() => import('./pages/admin/payments/PaymentsAdminPage'), 'PaymentsAdminPage'),
});

const adminPrivacyRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/privacy',
  component: lazyRouteComponent(() => import('./pages/admin/privacy/MemberDataPage'), 'MemberDataPage'),
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
  signInLinkRoute,
  setupRoute,
  signedInRoute.addChildren([
    onboardingRoute,
    dashboardRoute,
    settingsRoute,
    roomRoute,
    sessionsRoute,
    sessionDetailRoute,
    bookingRoute,
    coachSlotsRoute,
    appointmentsRoute,
    appointmentRoute,
    rescheduleRoute,
    notificationsRoute,
    messagesRoute,
    threadRoute,
    staffRoute.addChildren([clientsRoute, clientContextRoute, agendaRoute, availabilityRoute, tipsRoute]),
    coachRoute.addChildren([recapReviewRoute, clientCoachingRoute, exercisesRoute]),
    clientOnlyRoute.addChildren([goalsRoute, homeworkRoute]),
    adminRoute.addChildren([
      adminIndexRoute,
      adminUsersRoute,
      adminUserRoute,
      adminCoachesRoute,
      adminSkoolRoute,
      adminMetricsRoute,
      adminAuditRoute,
      adminPaymentsRoute,
      adminPrivacyRoute,
    ]),
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
