import { createLogger, loadEnv } from '@hybridcoach/config';
import { transcriptionNotice } from '@hybridcoach/db';
import { useTestDatabase } from '@hybridcoach/db/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { createContext } from './core/context';
import type { Principal } from './core/principal';
import { settingsFromEnv } from './core/settings';
import { DevMailbox } from './notification/mailer';
import { appRouter, createCaller } from './root';

/**
 * Who may call what, written down once, procedure by procedure, and checked against the router:
 * every procedure × every kind of caller. A procedure added without an entry here fails the test.
 * The gate runs before input is read, so each call goes with no input: a caller the gate lets
 * through meets a BAD_REQUEST (or an answer) instead of UNAUTHORIZED/FORBIDDEN. What a caller
 * may do with someone else's ids is checked below, procedure by procedure.
 */
type Caller = 'anonymous' | 'client' | 'coach' | 'admin' | 'agent' | 'worker';
type Gate = 'public' | 'signedIn' | 'hidden' | readonly Caller[];

const everyone: Gate = 'public';
const signedIn: Gate = 'signedIn';
/** Dev-only procedures do not exist in production. */
const devOnly: Gate = 'hidden';
const admin = ['admin'] as const;
const staff = ['coach', 'admin'] as const;
const coach = ['coach'] as const;
const agent = ['agent'] as const;
const worker = ['worker'] as const;

const MATRIX: Record<string, Gate> = {
  'health.check': everyone,
  'health.whoami': ['agent', 'worker'],
  'auth.options': everyone,
  'auth.me': everyone,
  'auth.requestCode': everyone,
  'auth.redeemCode': everyone,
  'auth.redeemLink': everyone,
  'auth.setupAdmin': everyone,
  'auth.signOut': signedIn,
  'auth.sessions': signedIn,
  'auth.revokeSession': signedIn,
  'auth.revokeOtherSessions': signedIn,
  'dev.users': devOnly,
  'dev.signInAs': devOnly,
  'dev.mailbox': devOnly,
  'user.profile': signedIn,
  'user.updateProfile': signedIn,
  'user.uploadPhoto': signedIn,
  'user.completeOnboarding': signedIn,
  'user.setTimezone': signedIn,
  'user.updateCoachSettings': staff,
  'user.setCoachLevel': admin,
  'user.myClients': staff,
  'user.clientContext': signedIn,
  'user.updateClientContext': staff,
  'coaching.recap.draft': coach,
  'coaching.recap.publish': coach,
  'coaching.recap.decide': coach,
  'coaching.notes.list': coach,
  'coaching.notes.add': coach,
  'coaching.notes.remove': coach,
  'coaching.goals.list': ['client', 'coach'],
  'coaching.goals.create': ['client', 'coach'],
  'coaching.goals.setStatus': ['client', 'coach'],
  'coaching.goals.recordProgress': coach,
  'coaching.exercises.list': coach,
  'coaching.exercises.create': coach,
  'coaching.homework.list': ['client', 'coach'],
  'coaching.homework.assign': coach,
  'coaching.homework.complete': ['client'],
  'coaching.dashboard.client': ['client'],
  'coaching.dashboard.coach': coach,
  'coach.list': everyone,
  'coach.get': everyone,
  'scheduling.availability': signedIn,
  'scheduling.setWeeklyAvailability': coach,
  'scheduling.addOneOffWindow': coach,
  'scheduling.removeWindow': coach,
  'scheduling.addTimeOff': coach,
  'scheduling.removeTimeOff': coach,
  'scheduling.setBookingRules': coach,
  'scheduling.openSlots': signedIn,
  'scheduling.book': signedIn,
  'scheduling.cancel': signedIn,
  'scheduling.reschedule': signedIn,
  'scheduling.reassign': staff,
  'scheduling.appointments': signedIn,
  'scheduling.appointment': signedIn,
  'scheduling.agenda': staff,
  'scheduling.calendarFeed': signedIn,
  'scheduling.createCalendarFeed': signedIn,
  'scheduling.revokeCalendarFeed': signedIn,
  'notification.list': signedIn,
  'notification.unreadCount': signedIn,
  'notification.markRead': signedIn,
  'notification.markAllRead': signedIn,
  'notification.preferences': signedIn,
  'notification.updatePreferences': signedIn,
  'messages.threads': signedIn,
  'messages.unread': signedIn,
  'messages.thread': signedIn,
  'messages.send': signedIn,
  'messages.markRead': signedIn,
  'messages.events': signedIn,
  'messages.overview': admin,
  'session.stats': everyone,
  'session.join': signedIn,
  'session.lobby': signedIn,
  'session.leave': signedIn,
  'session.signal': signedIn,
  'session.sendMessage': signedIn,
  'session.events': signedIn,
  'session.end': signedIn,
  'session.rate': signedIn,
  'session.mine': signedIn,
  'session.detail': signedIn,
  'session.setAssistantMode': signedIn,
  'session.askAssistant': signedIn,
  'payment.checkoutTip': signedIn,
  'payment.sessionTip': signedIn,
  'payment.myTips': signedIn,
  'payment.received': coach,
  'agent.claim': agent,
  'agent.heartbeat': agent,
  'agent.release': agent,
  'agent.roomToken': agent,
  'agent.clientContext': agent,
  'agent.sessionText': agent,
  'agent.appendTranscript': agent,
  'agent.caption': agent,
  'agent.assistantState': agent,
  'agent.roomEvents': agent,
  'agent.tick': agent,
  'agent.completeSession': agent,
  'postSession.pending': worker,
  'postSession.markQueued': worker,
  'postSession.start': worker,
  'postSession.store': worker,
  'postSession.fail': worker,
  'skool.applySnapshot': worker,
  'skool.recordSourceFailure': worker,
  'skool.sendGraceWarnings': worker,
  'skool.expireGracePeriods': worker,
  'skool.syncPhotos': worker,
  'skool.pendingSyncRequests': worker,
  'skool.markSyncRequestsQueued': worker,
  'skool.startSyncRequest': worker,
  'skool.finishSyncRequest': worker,
  'housekeeping.pruneUserSessions': worker,
  'housekeeping.markNoShows': worker,
  'housekeeping.remindHomework': worker,
  'housekeeping.pruneAuthCodes': worker,
  'housekeeping.pruneRateLimits': worker,
  'housekeeping.archiveSessions': worker,
  'housekeeping.sweepSessions': worker,
  'housekeeping.sendReminders': worker,
  'housekeeping.removeUnusedPhotos': worker,
  'housekeeping.rollupDailyMetrics': worker,
  'housekeeping.backfillDailyMetrics': worker,
  'housekeeping.emailUnreadMessages': worker,
  'privacy.room': signedIn,
  'privacy.agree': signedIn,
  'privacy.pauseTranscription': signedIn,
  'privacy.resumeTranscription': signedIn,
  'privacy.setSessionAssistant': ['client'],
  'privacy.setAssistantForGood': ['client'],
  'privacy.requestExport': signedIn,
  'privacy.myExports': signedIn,
  'privacy.requestErasure': signedIn,
  'privacy.admin.findMember': admin,
  'privacy.admin.exportMember': admin,
  'privacy.admin.exports': admin,
  'privacy.admin.eraseMember': admin,
  'privacy.admin.pendingErasures': admin,
  'privacy.admin.cancelErasure': admin,
  'privacy.worker.pendingExports': worker,
  'privacy.worker.buildExport': worker,
  'privacy.worker.removeExpiredExports': worker,
  'privacy.worker.purgeErasures': worker,
  'privacy.worker.applyRetention': worker,
  'admin.auditLog': admin,
  'admin.relationships.of': admin,
  'admin.relationships.link': admin,
  'admin.relationships.end': admin,
  'admin.skool.overview': admin,
  'admin.skool.syncLogs': admin,
  'admin.skool.membershipHistory': admin,
  'admin.skool.syncNow': admin,
  'admin.skool.syncRequests': admin,
  'admin.skool.previewCsv': admin,
  'admin.skool.previewChanges': admin,
  'admin.skool.applyCsv': admin,
  'admin.metrics.daily': admin,
  'admin.metrics.membership': admin,
  'admin.metrics.csv': admin,
  'admin.metrics.backfill': admin,
  'admin.users.list': admin,
  'admin.users.get': admin,
  'admin.users.setAdmin': admin,
  'admin.users.setDeactivated': admin,
  'admin.coaches.list': admin,
  'admin.payments.tips': admin,
  'admin.payments.refund': admin,
  'admin.payments.report': admin,
  'admin.payments.reportCsv': admin,
};

const CALLERS: readonly Caller[] = ['anonymous', 'client', 'coach', 'admin', 'agent', 'worker'];

function expected(gate: Gate, caller: Caller): 'through' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' {
  if (gate === 'public') return 'through';
  if (gate === 'hidden') return 'NOT_FOUND';
  if (gate === 'signedIn') {
    if (caller === 'anonymous') return 'UNAUTHORIZED';
    return caller === 'agent' || caller === 'worker' ? 'FORBIDDEN' : 'through';
  }
  if (gate.includes(caller)) return 'through';
  return caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
}

const t = useTestDatabase();
const logger = createLogger('access-matrix', 'silent');
// Production settings: dev-only procedures must not exist.
const settings = settingsFromEnv(loadEnv({ NODE_ENV: 'production' }));
const ids: Record<'client' | 'coach' | 'admin', string> = { client: '', coach: '', admin: '' };

function principalOf(caller: Caller): Principal {
  switch (caller) {
    case 'anonymous':
      return { kind: 'anonymous' };
    case 'agent':
    case 'worker':
      return { kind: 'service', service: caller };
    default:
      return { kind: 'user', userId: ids[caller], role: caller, userSessionId: `s-${caller}` };
  }
}

export function callerFor(principal: Principal) {
  return createCaller(
    createContext({ db: t.db, logger, requestId: 'matrix', settings, mailer: new DevMailbox(logger), principal }),
  );
}

type Procedure = (input?: unknown) => Promise<unknown>;

function procedureAt(api: unknown, path: string): Procedure {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as Procedure;
}

async function outcome(principal: Principal, path: string): Promise<string> {
  try {
    const result = await procedureAt(callerFor(principal), path)(undefined);
    // A subscription's gate runs when it is first read.
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await Promise.race([iterator.next(), new Promise((r) => setTimeout(r, 50))]);
      await iterator.return?.();
    }
    return 'through';
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === 'UNAUTHORIZED' || code === 'FORBIDDEN' || code === 'NOT_FOUND' ? code : 'through';
  }
}

beforeAll(async () => {
  ids.client = (await t.given.client()).id;
  ids.coach = (await t.given.coach()).id;
  ids.admin = (await t.given.admin()).id;
});

describe('the access matrix', () => {
  const procedures = Object.keys(
    (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures,
  ).sort();

  test('names every procedure of the router, and nothing else', () => {
    expect(procedures).toEqual(Object.keys(MATRIX).sort());
  });

  test.each(procedures)('%s lets in exactly who it should', async (path) => {
    const gate = MATRIX[path];
    if (!gate) throw new Error(`${path} has no entry in the access matrix`);
    const seen: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const caller of CALLERS) {
      seen[caller] = await outcome(principalOf(caller), path);
      want[caller] = expected(gate, caller);
    }
    // A gate answering NOT_FOUND for an id that does not exist is still "through" the gate.
    for (const caller of CALLERS)
      if (want[caller] === 'through' && seen[caller] === 'NOT_FOUND') seen[caller] = 'through';
    expect(seen).toEqual(want);
  });
});

describe("someone else's ids", () => {
  const world = {
    clientA: '',
    coachA: '',
    clientB: '',
    coachB: '',
    live: '',
    done: '',
    upcoming: '',
    payment: '',
    window: '',
    timeOff: '',
    notification: '',
    signIn: '',
    thread: '',
    threadMessage: '',
    note: '',
    goal: '',
    exerciseA: '',
    assignment: '',
  };
  const user = (userId: string, role: 'client' | 'coach'): Principal => ({
    kind: 'user',
    userId,
    role,
    userSessionId: `s-${userId}`,
  });

  beforeAll(async () => {
    const clientA = await t.given.client({}, { intake: { symptoms: 'Racing heart, shallow breathing' } });
    const coachA = await t.given.coach();
    world.clientA = clientA.id;
    world.coachA = coachA.id;
    world.clientB = (await t.given.client()).id;
    world.coachB = (await t.given.coach()).id;
    world.thread = (
      await t.db.coachClientRelationship.create({
        data: { coachId: coachA.id, clientId: clientA.id, origin: 'client_booking' },
      })
    ).id;
    world.threadMessage = (
      await t.db.directMessage.create({
        data: { relationshipId: world.thread, senderId: coachA.id, body: 'Only A and their coach read this' },
      })
    ).id.toString();
    world.live = (await t.given.liveSession({ coach: coachA, client: clientA })).appointment.id;
    const done = await t.given.completedSession({
      coach: coachA,
      client: clientA,
      startsAt: new Date(Date.now() - 3 * 86_400_000),
      transcript: 'Client: my heart races',
    });
    world.done = done.appointment.id;
    world.payment = (await t.given.tip({ coach: coachA, client: clientA })).id;
    world.upcoming = (
      await t.given.appointment({ coach: coachA, client: clientA, startsAt: new Date(Date.now() + 5 * 86_400_000) })
    ).appointment.id;
    world.window = (
      await t.db.coachAvailability.create({
        data: { coachId: coachA.id, dayOfWeek: 1, startTime: '09:00', endTime: '12:00' },
      })
    ).id;
    world.timeOff = (
      await t.db.coachTimeOff.create({
        data: {
          coachId: coachA.id,
          startsAt: new Date(Date.now() + 86_400_000),
          endsAt: new Date(Date.now() + 2 * 86_400_000),
          reason: 'Surgery',
        },
      })
    ).id;
    world.notification = (
      await t.db.notification.create({
        data: { userId: clientA.id, type: 'test', title: 'For A', message: 'Only A reads this' },
      })
    ).id;
    world.note = (
      await t.db.clientNote.create({
        data: {
          coachId: coachA.id,
          clientId: clientA.id,
          sealedContent: 'sealed by coach A',
          appointmentId: done.appointment.id,
        },
      })
    ).id;
    world.goal = (await t.db.clientGoal.create({ data: { clientId: clientA.id, title: 'Breathe slower' } })).id;
    world.exerciseA = (
      await t.db.exercise.create({
        data: {
          createdBy: coachA.id,
          title: 'Box breathing',
          description: 'Four counts each',
          instructions: 'Four counts each',
          category: 'breathing',
          duration: 300,
          difficulty: 'beginner',
        },
      })
    ).id;
    world.assignment = (
      await t.db.exerciseAssignment.create({
        data: { exerciseId: world.exerciseA, clientId: clientA.id, coachId: coachA.id },
      })
    ).id;
    world.signIn = (
      await t.db.userSession.create({
        data: { sessionId: 'hash-a', userId: clientA.id, expiresAt: new Date(Date.now() + 86_400_000) },
      })
    ).id;
  });

  /** Each call as a stranger (the other client, or the other coach) must be refused and change nothing. */
  const STRANGER_CALLS: [string, (w: typeof world) => unknown, ('client' | 'coach')[]][] = [
    ['user.clientContext', (w) => ({ clientId: w.clientA }), ['client', 'coach']],
    [
      'user.updateClientContext',
      (w) => ({ clientId: w.clientA, clientFacts: ['x'], challenges: [], preferences: null, contextNotes: null }),
      ['coach'],
    ],
    ['scheduling.appointment', (w) => ({ appointmentId: w.upcoming }), ['client', 'coach']],
    ['scheduling.cancel', (w) => ({ appointmentId: w.upcoming, reason: 'not mine' }), ['client', 'coach']],
    [
      'scheduling.reschedule',
      (w) => ({ appointmentId: w.upcoming, startsAt: new Date(Date.now() + 6 * 86_400_000) }),
      ['client', 'coach'],
    ],
    ['scheduling.reassign', (w) => ({ appointmentId: w.upcoming, coachId: w.coachB }), ['coach']],
    ['scheduling.removeWindow', (w) => ({ id: w.window }), ['coach']],
    ['scheduling.removeTimeOff', (w) => ({ id: w.timeOff }), ['coach']],
    ['session.join', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['session.sendMessage', (w) => ({ appointmentId: w.live, content: 'hello' }), ['client', 'coach']],
    ['session.end', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['session.rate', (w) => ({ appointmentId: w.done, rating: 1 }), ['client', 'coach']],
    ['session.detail', (w) => ({ appointmentId: w.done }), ['client', 'coach']],
    ['session.setAssistantMode', (w) => ({ appointmentId: w.live, mode: 'off' }), ['client', 'coach']],
    ['session.askAssistant', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['session.lobby', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['session.leave', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    [
      'session.signal',
      (w) => ({ appointmentId: w.live, fromPeer: 'peer-0001', to: null, signal: { kind: 'bye' } }),
      ['client', 'coach'],
    ],
    ['payment.checkoutTip', (w) => ({ paymentId: w.payment }), ['client', 'coach']],
    ['payment.sessionTip', (w) => ({ appointmentId: w.done }), ['client', 'coach']],
    ['auth.revokeSession', (w) => ({ sessionId: w.signIn }), ['client', 'coach']],
    ['messages.thread', (w) => ({ threadId: w.thread }), ['client', 'coach']],
    ['messages.send', (w) => ({ threadId: w.thread, body: 'not my thread' }), ['client', 'coach']],
    ['messages.markRead', (w) => ({ threadId: w.thread, upToId: w.threadMessage }), ['client', 'coach']],
    ['privacy.room', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    [
      'privacy.agree',
      (w) => ({ noticeVersion: transcriptionNotice.version, appointmentId: w.live }),
      ['client', 'coach'],
    ],
    ['privacy.pauseTranscription', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['privacy.resumeTranscription', (w) => ({ appointmentId: w.live }), ['client', 'coach']],
    ['privacy.setSessionAssistant', (w) => ({ appointmentId: w.live, on: false }), ['client', 'coach']],
    ['coaching.recap.draft', (w) => ({ appointmentId: w.done }), ['client', 'coach']],
    ['coaching.recap.publish', (w) => ({ appointmentId: w.done, summary: 'Not mine to publish' }), ['client', 'coach']],
    [
      'coaching.recap.decide',
      (w) => ({ appointmentId: w.done, kind: 'fact', index: 0, decision: 'accepted' }),
      ['client', 'coach'],
    ],
    ['coaching.notes.list', (w) => ({ clientId: w.clientA }), ['client', 'coach']],
    ['coaching.notes.add', (w) => ({ clientId: w.clientA, content: 'not my client' }), ['client', 'coach']],
    ['coaching.notes.remove', (w) => ({ noteId: w.note }), ['client', 'coach']],
    ['coaching.goals.list', (w) => ({ clientId: w.clientA }), ['client', 'coach']],
    ['coaching.goals.create', (w) => ({ clientId: w.clientA, title: 'Not my goal' }), ['client', 'coach']],
    ['coaching.goals.setStatus', (w) => ({ goalId: w.goal, status: 'abandoned' }), ['client', 'coach']],
    [
      'coaching.goals.recordProgress',
      (w) => ({ goalId: w.goal, rating: 1, note: 'not my client' }),
      ['client', 'coach'],
    ],
    ['coaching.homework.list', (w) => ({ clientId: w.clientA }), ['client', 'coach']],
    ['coaching.homework.assign', (w) => ({ clientId: w.clientA, exerciseId: w.exerciseA }), ['client', 'coach']],
    ['coaching.homework.complete', (w) => ({ assignmentId: w.assignment, note: 'done' }), ['client', 'coach']],
  ];

  test('the matrix above covers every user procedure that takes another person’s id', () => {
    const covered = new Set(STRANGER_CALLS.map(([path]) => path));
    const takesIds = [
      'user.clientContext',
      'user.updateClientContext',
      'scheduling.appointment',
      'scheduling.cancel',
      'scheduling.reschedule',
      'scheduling.reassign',
      'scheduling.removeWindow',
      'scheduling.removeTimeOff',
      'session.join',
      'session.sendMessage',
      'session.end',
      'session.rate',
      'session.detail',
      'session.setAssistantMode',
      'session.askAssistant',
      'session.lobby',
      'session.leave',
      'session.signal',
      'payment.checkoutTip',
      'payment.sessionTip',
      'auth.revokeSession',
      'messages.thread',
      'messages.send',
      'messages.markRead',
      'privacy.room',
      'privacy.agree',
      'privacy.pauseTranscription',
      'privacy.resumeTranscription',
      'privacy.setSessionAssistant',
      'coaching.recap.draft',
      'coaching.recap.publish',
      'coaching.recap.decide',
      'coaching.notes.list',
      'coaching.notes.add',
      'coaching.notes.remove',
      'coaching.goals.list',
      'coaching.goals.create',
      'coaching.goals.setStatus',
      'coaching.goals.recordProgress',
      'coaching.homework.list',
      'coaching.homework.assign',
      'coaching.homework.complete',
    ];
    expect([...covered].sort()).toEqual(takesIds.sort());
  });

  test.each(STRANGER_CALLS)('%s refuses a stranger and changes nothing', async (path, input, strangers) => {
    const before = await snapshotOfA();
    for (const role of strangers) {
      const stranger = user(role === 'client' ? world.clientB : world.coachB, role);
      const err = await procedureAt(callerFor(stranger), path)(input(world)).catch((e: unknown) => e);
      expect([path, role, (err as { code?: string }).code]).toEqual([
        path,
        role,
        expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/),
      ]);
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  test("marking someone else's notifications read marks nothing", async () => {
    const api = callerFor(user(world.clientB, 'client'));
    expect(await api.notification.markRead({ ids: [world.notification] })).toEqual({ marked: 0 });
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: world.notification } })).isRead).toBe(false);
  });

  /** Everything about client A a stranger's call could change. */
  async function snapshotOfA() {
    const [
      appointments,
      profile,
      windows,
      timeOff,
      sessions,
      messages,
      payments,
      ratings,
      thread,
      coaching,
      events,
      stays,
    ] = await Promise.all([
      t.db.appointment.findMany({ where: { clientId: world.clientA }, orderBy: { id: 'asc' } }),
      t.db.profile.findUnique({ where: { userId: world.clientA } }),
      t.db.coachAvailability.findMany({ where: { coachId: world.coachA } }),
      t.db.coachTimeOff.findMany({ where: { coachId: world.coachA } }),
      t.db.userSession.findMany({ where: { userId: world.clientA } }),
      t.db.message.count({ where: { session: { appointment: { clientId: world.clientA } } } }),
      t.db.payment.findMany({ where: { userId: world.clientA } }),
      t.db.sessionRating.count(),
      t.db.coachClientRelationship.findUnique({
        where: { id: world.thread },
        select: { messages: true, readStates: true },
      }),
      t.db.user.findUniqueOrThrow({
        where: { id: world.clientA },
        select: {
          notesAbout: true,
          goals: { include: { progress: true } },
          exercisesAssigned: true,
          clientAppointments: { select: { session: { select: { summary: true, sealedAiRecap: true } } } },
        },
      }),
      t.db.sessionEvent.count(),
      t.db.sessionParticipant.findMany({ orderBy: { id: 'asc' } }),
    ]);
    return {
      appointments,
      profile,
      windows,
      timeOff,
      sessions,
      messages,
      payments,
      ratings,
      thread,
      coaching,
      events,
      stays,
    };
  }
});
