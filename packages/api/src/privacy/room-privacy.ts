import { type Prisma, transcriptionNotice } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { appendEvents, type StorableEvent } from '../session/events';
import { messageSelect, toMessageView } from '../session/message-view';
import { roomAccess } from '../session/room-access';
import type { agreeInput, assistantForGoodInput, sessionAssistantInput } from './schemas';

type Tx = Prisma.TransactionClient;

export interface RoomPrivacy {
  notice: typeof transcriptionNotice;
  /** The viewer must agree to this notice version before joining (the assistant is on). */
  consentNeeded: boolean;
  assistant: { on: boolean; offForGood: boolean; offThisSession: boolean };
  transcription: 'on' | 'paused';
}

async function assistantState(db: Deps<'db'>['db'] | Tx, appointmentId: string) {
  const a = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { aiOffAt: true, client: { select: { aiOptOutAt: true } }, session: { select: { id: true } } },
  });
  const offThisSession = a.aiOffAt !== null;
  const offForGood = a.client.aiOptOutAt !== null;
  return { on: !offThisSession && !offForGood, offThisSession, offForGood, sessionId: a.session?.id ?? null };
}

async function openPause(db: Deps<'db'>['db'] | Tx, sessionId: string | null) {
  if (!sessionId) return null;
  return db.transcriptionPause.findFirst({ where: { sessionId, resumedAt: null }, orderBy: { pausedAt: 'desc' } });
}

async function hasConsented(db: Deps<'db'>['db'], userId: string): Promise<boolean> {
  const found = await db.consent.findUnique({
    where: { userId_noticeVersion: { userId, noticeVersion: transcriptionNotice.version } },
    select: { id: true },
  });
  return found !== null;
}

/** What the room page shows before and while the viewer is in: consent, assistant, transcription. */
export async function roomPrivacy(deps: Deps<'db'>, user: UserPrincipal, appointmentId: string): Promise<RoomPrivacy> {
  const { appointment } = await roomAccess(deps.db, user, appointmentId);
  const { sessionId, ...assistant } = await assistantState(deps.db, appointmentId);
  // A session that cannot be joined (cancelled, over) asks for no agreement: the join says why.
  const joinable = appointment.status === 'scheduled' || appointment.status === 'active';
  return {
    notice: transcriptionNotice,
    consentNeeded: joinable && assistant.on && !(await hasConsented(deps.db, user.userId)),
    assistant,
    transcription: (await openPause(deps.db, sessionId)) ? 'paused' : 'on',
  };
}

/**
 * Joining a room where the assistant transcribes needs the joiner's agreement to the current
 * notice (who, when, which version: a Consent row). A room with the assistant off needs none.
 */
export async function assertConsentToJoin(deps: Deps<'db'>, user: UserPrincipal, appointmentId: string) {
  const { on } = await assistantState(deps.db, appointmentId);
  if (on && !(await hasConsented(deps.db, user.userId)))
    throw new DomainError(
      'FORBIDDEN',
      'Agree to the transcription notice before joining (or, as the client, turn the assistant off).',
    );
}

/** Records the member's agreement to the notice (once per version). */
export async function agreeToNotice(deps: Deps<'db' | 'now'>, user: UserPrincipal, input: z.infer<typeof agreeInput>) {
  if (input.noticeVersion !== transcriptionNotice.version)
    throw new DomainError('BAD_REQUEST', 'is not the current notice; reload the page to read it', {
      field: 'noticeVersion',
    });
  if (input.appointmentId) await roomAccess(deps.db, user, input.appointmentId);
  const consent = await deps.db.consent.upsert({
    where: { userId_noticeVersion: { userId: user.userId, noticeVersion: input.noticeVersion } },
    create: {
      userId: user.userId,
      noticeVersion: input.noticeVersion,
      agreedAt: deps.now(),
      appointmentId: input.appointmentId ?? null,
    },
    update: {},
    select: { noticeVersion: true, agreedAt: true },
  });
  return consent;
}

/** Tells the room its privacy state changed, with the marker line stored in the transcript. */
async function announce(
  tx: Tx,
  appointmentId: string,
  marker: { sessionId: string; key: string; text: string; at: Date } | null,
  by: string | null,
  at: Date,
) {
  const { sessionId, ...assistant } = await assistantState(tx, appointmentId);
  const events: StorableEvent[] = [];
  if (marker) {
    // The marker is a transcript line of its own (sender "system"): the transcript shows the gap.
    const row = await tx.message.create({
      data: {
        sessionId: marker.sessionId,
        sender: 'system',
        kind: 'transcript',
        content: marker.text,
        idempotencyKey: marker.key,
        spokenAt: marker.at,
        createdAt: marker.at,
      },
      select: messageSelect,
    });
    events.push({ type: 'message', message: toMessageView(row) });
  }
  events.push({
    type: 'privacy',
    transcription: (await openPause(tx, sessionId)) ? 'paused' : 'on',
    assistant: assistant.on ? 'on' : 'off',
    by,
    at,
  });
  await appendEvents(tx, appointmentId, events);
}

async function liveMeeting(deps: Deps<'db'>, user: UserPrincipal, appointmentId: string) {
  const { appointment } = await roomAccess(deps.db, user, appointmentId);
  if (appointment.status !== 'active')
    throw new DomainError('BAD_REQUEST', 'Transcription can be paused while the session is live.');
  const session = await deps.db.session.findUnique({ where: { appointmentId }, select: { id: true } });
  if (!session) throw new DomainError('BAD_REQUEST', 'Nobody has joined this session yet.');
  const me = await deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } });
  return { sessionId: session.id, name: me.displayName };
}

/**
 * Any participant pauses transcription: from now until the resume, segments the agent sends
 * are not stored, whenever they arrive (they are dropped by when they were spoken).
 */
export async function pauseTranscription(deps: Deps<'db' | 'now'>, user: UserPrincipal, appointmentId: string) {
  const { sessionId, name } = await liveMeeting(deps, user, appointmentId);
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pause:${sessionId}`}))`;
    if (await openPause(tx, sessionId)) return; // already paused: nothing to mark
    const pause = await tx.transcriptionPause.create({
      data: { sessionId, pausedAt: now, pausedById: user.userId },
    });
    await announce(
      tx,
      appointmentId,
      { sessionId, key: `pause:${pause.id}`, text: `Transcription paused by ${name}`, at: now },
      name,
      now,
    );
  });
  return roomPrivacy(deps, user, appointmentId);
}

export async function resumeTranscription(deps: Deps<'db' | 'now'>, user: UserPrincipal, appointmentId: string) {
  const { sessionId, name } = await liveMeeting(deps, user, appointmentId);
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pause:${sessionId}`}))`;
    const pause = await openPause(tx, sessionId);
    if (!pause) return;
    await tx.transcriptionPause.update({ where: { id: pause.id }, data: { resumedAt: now, resumedById: user.userId } });
    await announce(
      tx,
      appointmentId,
      { sessionId, key: `resume:${pause.id}`, text: `Transcription resumed by ${name}`, at: now },
      name,
      now,
    );
  });
  return roomPrivacy(deps, user, appointmentId);
}

/**
 * The client turns the assistant off (or back on) for one session. Off: no agent is asked in, a
 * claimed one loses the room at its next heartbeat, and nothing more is transcribed.
 */
export async function setSessionAssistant(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof sessionAssistantInput>,
) {
  const { appointment, role } = await roomAccess(deps.db, user, input.appointmentId);
  if (role !== 'client') throw new DomainError('FORBIDDEN', 'Only the client decides whether the assistant joins.');
  if (appointment.status === 'completed' || appointment.status === 'cancelled')
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}.`);
  const now = deps.now();
  const me = await deps.db.user.findUniqueOrThrow({ where: { id: user.userId }, select: { displayName: true } });
  await deps.db.$transaction(async (tx) => {
    await tx.appointment.update({ where: { id: appointment.id }, data: { aiOffAt: input.on ? null : now } });
    await switchAgent(tx, appointment.id, appointment.roomId, appointment.status === 'active');
    if (appointment.status === 'active') await announce(tx, appointment.id, null, me.displayName, now);
  });
  return roomPrivacy(deps, user, input.appointmentId);
}

/** The client turns the assistant off (or on) for all their sessions. */
export async function setAssistantForGood(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof assistantForGoodInput>,
) {
  if (user.role !== 'client') throw new DomainError('FORBIDDEN', 'Only a client decides whether the assistant joins.');
  const now = deps.now();
  const me = await deps.db.user.update({
    where: { id: user.userId },
    data: { aiOptOutAt: input.on ? null : now },
    select: { displayName: true, aiOptOutAt: true },
  });
  const live = await deps.db.appointment.findMany({
    where: { clientId: user.userId, status: 'active' },
    select: { id: true, roomId: true },
  });
  for (const a of live) {
    await deps.db.$transaction(async (tx) => {
      await switchAgent(tx, a.id, a.roomId, true);
      await announce(tx, a.id, null, me.displayName, now);
    });
  }
  return { assistantOffForGood: me.aiOptOutAt !== null };
}

/**
 * Off: the room's agent request goes (a holding agent learns it lost the room at its next
 * heartbeat and leaves). On again during a live session: the agent is asked back in.
 */
async function switchAgent(tx: Tx, appointmentId: string, roomId: string, live: boolean) {
  const { on } = await assistantState(tx, appointmentId);
  if (!on) await tx.agentAssignment.deleteMany({ where: { appointmentId } });
  else if (live)
    await tx.agentAssignment.upsert({ where: { appointmentId }, create: { appointmentId, roomId }, update: {} });
}
