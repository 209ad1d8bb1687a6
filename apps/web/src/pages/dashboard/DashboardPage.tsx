import { coachNameOf } from '@hybridcoach/api/format';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowRightIcon, CalendarIcon, ShieldCheckIcon, SparklesIcon, UsersIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { refreshViewer, useViewer, type Viewer } from '../../auth/viewer';
import { UpcomingAppointments } from '../../components/scheduling/UpcomingAppointments';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { errorMessage } from '../../lib/error-message';
import { timezoneCity } from '../../lib/format';
import { deviceTimeZone } from '../../lib/timezones';
import { useTRPC } from '../../trpc';
import { ClientList } from '../clients/ClientList';
import {
  DraftsToReview,
  GoalsSummary,
  HomeworkDue,
  LatestRecap,
  OverdueHomework,
  TodayAgenda,
  useClientDashboard,
  useCoachDashboard,
} from '../coaching/DashboardCards';
import { MoodFace } from '../onboarding/MoodFace';
import { moodLabel } from '../onboarding/mood-options';

/** Where everyone lands after signing in; what it shows depends on the role. */
export function DashboardPage() {
  const viewer = useViewer().data;
  // Signed out a moment ago: the page is on its way out.
  if (!viewer) return null;
  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Dashboard · HybridCoach</title>
      <header className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-sm font-medium text-muted-foreground">{greeting(viewer)}</p>
          <h1 className="mt-1 text-3xl font-semibold tracking-tight">Welcome, {viewer.displayName}</h1>
        </div>
        <p className="text-sm text-muted-foreground">Times shown for {timezoneCity(viewer.timezone)}</p>
      </header>
      <TimeZoneNudge saved={viewer.timezone} />
      <div className="mt-8">
        {viewer.role === 'client' ? <ClientDashboard timeZone={viewer.timezone} /> : null}
        {viewer.role === 'coach' ? <CoachDashboard timeZone={viewer.timezone} /> : null}
        {viewer.role === 'admin' ? <AdminDashboard /> : null}
      </div>
    </section>
  );
}

/** A member whose saved zone differs from this device's probably never chose one (new accounts start on UTC). */
function TimeZoneNudge({ saved }: { saved: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setZone = useMutation(trpc.user.setTimezone.mutationOptions());
  const device = deviceTimeZone();
  if (!device || device === saved) return null;
  return (
    <Alert tone="info" className="mt-6" title="Is your time zone right?">
      <p>
        Session times are shown for {saved}, but this device is set to {device}.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button
          size="sm"
          disabled={setZone.isPending}
          onClick={() => setZone.mutate({ timezone: device }, { onSuccess: () => refreshViewer(queryClient) })}
        >
          {setZone.isPending ? 'Saving…' : `Use ${device}`}
        </Button>
        <Link to="/settings" hash="profile" className="font-medium underline underline-offset-2 hover:no-underline">
          Choose another in settings
        </Link>
      </div>
      {setZone.isError ? (
        <p role="alert" className="mt-2 font-medium text-danger">
          {errorMessage(setZone.error)}
        </p>
      ) : null}
    </Alert>
  );
}

function greeting(viewer: Viewer): string {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: viewer.timezone }).format(
      new Date(),
    ),
  );
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function Section({
  title,
  description,
  children,
  action,
}: {
  title: string;
  description?: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Card>
      <CardHeader className="sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle as="h2">{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </div>
        {action}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function ClientDashboard({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const profile = useQuery(trpc.user.profile.queryOptions());
  const coaching = useClientDashboard();
  const onboarding = profile.data?.onboarding;
  const mood = onboarding?.initialMood ?? null;

  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="flex flex-col gap-6">
        <Section title="Upcoming sessions" description="Your booked video sessions with a coach.">
          <UpcomingAppointments />
        </Section>

        <Section title="Latest recap" description="What your coach wrote after your last session.">
          <LatestRecap query={coaching} timeZone={timeZone} />
        </Section>
        <Section title="Homework due">
          <HomeworkDue query={coaching} timeZone={timeZone} />
        </Section>
      </div>
      <div className="flex flex-col gap-6">
        <Section title="Goals" description="Your progress, as your coach records it.">
          <GoalsSummary query={coaching} />
        </Section>
        <Section title="When you joined" description="What you told us at the start.">
          {profile.isPending ? (
            <div className="flex flex-col gap-2">
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-3/4" />
            </div>
          ) : profile.isError ? (
            <ErrorState error={profile.error} title="Could not load your goals" onRetry={() => profile.refetch()} />
          ) : (
            <dl className="flex flex-col gap-4 text-sm">
              <div>
                <dt className="font-medium text-muted-foreground">Working on</dt>
                <dd className="mt-1 whitespace-pre-line">{onboarding?.coachingGoals || 'Nothing written down yet.'}</dd>
              </div>
              {onboarding?.symptoms ? (
                <div>
                  <dt className="font-medium text-muted-foreground">What your body is telling you</dt>
                  <dd className="mt-1 whitespace-pre-line">{onboarding.symptoms}</dd>
                </div>
              ) : null}
              {mood ? (
                <div>
                  <dt className="font-medium text-muted-foreground">Mood when you joined</dt>
                  <dd className="mt-1 flex items-center gap-2">
                    <MoodFace mood={mood} className="size-6 text-primary" />
                    {moodLabel(mood)} ({mood} of 5)
                  </dd>
                </div>
              ) : null}
            </dl>
          )}
        </Section>
      </div>
    </div>
  );
}

function CoachDashboard({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const profile = useQuery(trpc.user.profile.queryOptions());
  const coaching = useCoachDashboard();
  return (
    <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="flex flex-col gap-6">
        <Section title="Recaps to review" description="Clients see a recap only once you publish it.">
          <DraftsToReview query={coaching} timeZone={timeZone} />
        </Section>
        <Section title="Today">
          <TodayAgenda query={coaching} timeZone={timeZone} />
        </Section>
        <Section
          title="Your clients"
          description="Everyone who has booked a session with you. Open a client’s context before you meet."
        >
          <ClientList emptyHint="Clients appear here once they book a session with you." />
        </Section>
      </div>
      <div className="flex flex-col gap-6">
        <Section
          title="Overdue homework"
          action={
            <Button asChild variant="outline" size="sm">
              <Link to="/exercises">Exercise library</Link>
            </Button>
          }
        >
          <OverdueHomework query={coaching} />
        </Section>
        <Section title="Bookings">
          {profile.isPending ? (
            <Skeleton className="h-6 w-40" />
          ) : profile.data ? (
            <div className="flex flex-col items-start gap-3 text-sm">
              <Badge tone={profile.data.isAvailable ? 'success' : 'warning'}>
                {profile.data.isAvailable ? 'Taking new bookings' : 'Not taking bookings'}
              </Badge>
              <p className="text-muted-foreground">
                Clients see you as <strong className="font-medium text-foreground">{coachNameOf(profile.data)}</strong>.
              </p>
              <Button asChild variant="outline" size="sm">
                <Link to="/settings" hash="coach-settings">
                  Change in settings
                </Link>
              </Button>
            </div>
          ) : null}
        </Section>
        <Section title="Upcoming sessions">
          <UpcomingAppointments />
        </Section>
      </div>
    </div>
  );
}

const adminAreas: {
  title: string;
  description: string;
  icon: ReactNode;
  link: { to: '/admin/users' | '/admin/coaches' | '/admin/skool' | '/admin/metrics'; hash?: string };
}[] = [
  {
    title: 'Users and roles',
    description: 'Find anyone, make admins, deactivate accounts, link coaches and clients.',
    icon: <ShieldCheckIcon className="size-5" />,
    link: { to: '/admin/users' },
  },
  {
    title: 'Coaches',
    description: 'Levels, ratings, sessions and no-shows.',
    icon: <UsersIcon className="size-5" />,
    link: { to: '/admin/coaches' },
  },
  {
    title: 'Skool sync',
    description: 'Member list imports and what changed.',
    icon: <SparklesIcon className="size-5" />,
    link: { to: '/admin/skool' },
  },
  {
    title: 'Daily metrics',
    description: 'Active users, sessions, ratings and minutes per day.',
    icon: <CalendarIcon className="size-5" />,
    link: { to: '/admin/metrics' },
  },
];

function AdminDashboard() {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h2 className="text-lg font-semibold tracking-tight">Administration</h2>
        <ul className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {adminAreas.map((area) => (
            <li
              key={area.title}
              className="relative flex flex-col gap-2 rounded-2xl border border-border bg-card p-5 shadow-sm transition-colors focus-within:border-primary hover:border-primary"
            >
              <div className="flex items-center justify-between gap-2">
                <span className="flex size-9 items-center justify-center rounded-lg bg-accent text-accent-foreground">
                  {area.icon}
                </span>
                <ArrowRightIcon className="size-5 text-muted-foreground" />
              </div>
              <h3 className="mt-1 font-medium">
                {/* The link covers the whole card, so the card is one target. */}
                <Link
                  to={area.link.to}
                  hash={area.link.hash}
                  className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:outline-offset-2 focus-visible:after:outline-ring"
                >
                  {area.title}
                </Link>
              </h3>
              <p className="text-sm text-muted-foreground">{area.description}</p>
            </li>
          ))}
        </ul>
      </div>
      <Section title="All clients" description="As an admin you can open any client’s context.">
        <ClientList emptyHint="Clients appear here once members sign in." />
      </Section>
    </div>
  );
}
