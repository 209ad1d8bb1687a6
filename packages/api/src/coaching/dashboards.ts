import type { Db } from '@hybridcoach/db';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { accessRule, clientsWithAccess } from '../relationship/access';
import { ZoneClock } from '../scheduling/zone-clock';

const DAY_MS = 86_400_000;
const person = { select: { id: true, displayName: true, coachName: true, profilePhotoPath: true } } as const;

/**
 * The client's home (beside their upcoming sessions, `scheduling.appointments`): the latest recap
 * their coach published (never a draft), their active goals with recent progress, and open
 * homework, soonest due first.
 */
export async function clientDashboard(db: Db, user: UserPrincipal, now: Date) {
  if (user.role !== 'client') throw new DomainError('FORBIDDEN', 'This dashboard is for clients.');
  const clientId = user.userId;
  const [latestRecap, goals, homework] = await Promise.all([
    db.session.findFirst({
      where: { appointment: { clientId }, summaryPublishedAt: { not: null } },
      orderBy: { appointment: { scheduledFor: 'desc' } },
      select: {
        summary: true,
        summaryPublishedAt: true,
        appointment: { select: { id: true, scheduledFor: true, coach: person } },
      },
    }),
    db.clientGoal.findMany({
      where: { clientId, status: 'active' },
      orderBy: { createdAt: 'asc' },
      take: 10,
      select: {
        id: true,
        title: true,
        targetDate: true,
        progress: { orderBy: { createdAt: 'desc' }, take: 5, select: { rating: true, note: true, createdAt: true } },
      },
    }),
    db.exerciseAssignment.findMany({
      where: { clientId, completed: false },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
      take: 10,
      select: { id: true, dueDate: true, exercise: { select: { title: true, duration: true } } },
    }),
  ]);
  return {
    latestRecap: latestRecap && {
      appointmentId: latestRecap.appointment.id,
      scheduledFor: latestRecap.appointment.scheduledFor,
      coach: latestRecap.appointment.coach,
      summary: latestRecap.summary ?? '',
      publishedAt: latestRecap.summaryPublishedAt,
    },
    goals: goals.map(({ progress, ...g }) => ({ ...g, progress: progress.reverse() })),
    homework: homework.map((h) => ({ ...h, overdue: h.dueDate !== null && h.dueDate < now })),
  };
}

/**
 * The coach's home: sessions whose recap draft waits for review, clients (of theirs now) with
 * overdue homework, and today's agenda in the coach's own time zone.
 */
export async function coachDashboard(deps: Deps<'db' | 'settings'>, user: UserPrincipal, now: Date) {
  if (user.role !== 'coach') throw new DomainError('FORBIDDEN', 'This dashboard is for coaches.');
  const { db } = deps;
  const coachId = user.userId;
  const me = await db.user.findUniqueOrThrow({ where: { id: coachId }, select: { timezone: true } });
  const clock = new ZoneClock(me.timezone);
  const todayStart = Math.floor(clock.wallOf(now.getTime()) / DAY_MS) * DAY_MS;
  const from = new Date(clock.instantOf(todayStart));
  const to = new Date(clock.instantOf(todayStart + DAY_MS));
  const clients = await clientsWithAccess(db, coachId, accessRule(deps.settings, now));
  const [drafts, overdue, agenda] = await Promise.all([
    db.appointment.findMany({
      where: {
        coachId,
        status: 'completed',
        clientId: { in: clients },
        session: { summaryPublishedAt: null, OR: [{ aiSummary: { not: null } }, { sealedAiRecap: { not: null } }] },
      },
      orderBy: { scheduledFor: 'desc' },
      take: 20,
      select: { id: true, scheduledFor: true, endsAt: true, client: person },
    }),
    db.exerciseAssignment.groupBy({
      by: ['clientId'],
      where: { coachId, completed: false, dueDate: { lt: now }, clientId: { in: clients } },
      _count: { _all: true },
      _min: { dueDate: true },
      // Longest overdue first; the id keeps ties in one order.
      orderBy: [{ _min: { dueDate: 'asc' } }, { clientId: 'asc' }],
      take: 20,
    }),
    db.appointment.findMany({
      where: { coachId, status: { not: 'cancelled' }, scheduledFor: { gte: from, lt: to } },
      orderBy: { scheduledFor: 'asc' },
      select: { id: true, scheduledFor: true, endsAt: true, status: true, absentRoles: true, client: person },
    }),
  ]);
  const names = new Map(
    (
      await db.user.findMany({
        where: { id: { in: overdue.map((o) => o.clientId) } },
        select: { id: true, displayName: true },
      })
    ).map((u) => [u.id, u.displayName]),
  );
  return {
    draftsToReview: drafts,
    overdueHomework: overdue.map((o) => ({
      clientId: o.clientId,
      clientName: names.get(o.clientId) ?? '',
      overdue: o._count._all,
      oldestDue: o._min.dueDate,
    })),
    today: agenda,
  };
}
