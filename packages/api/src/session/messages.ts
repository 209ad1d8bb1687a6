import { type MessageSender, Prisma, sqlRows, sqlTransaction } from '@hybridcoach/db';
import type { z } from 'zod';
import { type ClaimWindow, claimWindow, heldAt } from '../agent/claim-history';
import { hitThrottle } from '../auth/throttle';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import type { UserPrincipal } from '../core/principal';
import { requestPostSessionAgain } from '../post-session/requests';
import { appendEvent, EVENTS_CHANNEL } from './events';
import { type MessageView, messageSelect, senderName, toMessageView } from './message-view';
import { hasJoined } from './presence';
import { roomAccess } from './room-access';
import type { appendTranscriptInput, chatInput } from './schemas';
import { assembleTranscript } from './transcript';

export const CHAT_RULE = { limit: 20, windowMs: 30_000 };

/** Chat from a participant who has joined; stored and pushed to everyone in the room. */
export async function sendChat(
  deps: Deps<'db' | 'now'>,
  user: UserPrincipal,
  input: z.infer<typeof chatInput>,
): Promise<MessageView> {
  const { appointment, role } = await roomAccess(deps.db, user, input.appointmentId);
  if (appointment.status !== 'active') throw new DomainError('BAD_REQUEST', 'Chat is open while the session is live.');
  const session = await deps.db.session.findUnique({ where: { appointmentId: appointment.id }, select: { id: true } });
  if (!session || !(await hasJoined(deps.db, appointment.id, user.userId)))
    throw new DomainError('FORBIDDEN', 'Join the session before writing in it.');
  const throttle = await hitThrottle(deps.db, `chat:user:${user.userId}`, CHAT_RULE, deps.now());
  if (!throttle.allowed)
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Slow down: at most ${CHAT_RULE.limit} messages in ${CHAT_RULE.windowMs / 1000} seconds.`,
    );
  const sender: MessageSender = role === 'client' ? 'client' : role === 'coach' ? 'coach' : 'admin';
  return deps.db.$transaction(async (tx) => {
    const row = await tx.message.create({
      data: {
        sessionId: session.id,
        userId: user.userId,
        sender,
        content: input.content,
        kind: 'chat',
        createdAt: deps.now(),
      },
      select: messageSelect,
    });
    const message = toMessageView(row);
    await appendEvent(tx, appointment.id, { type: 'message', message });
    return message;
  });
}

/**
 * The agent's transcript segments, in batches, under its claim. One writer per room: a segment
 * is stored only if the sender's claim (agent and epoch) held the room when it was spoken — a
 * journal replayed after a crash is, an overlapping stale writer is not; what is refused is
 * counted in the answer. Idempotent on (session, idempotencyKey): a batch sent twice (a retry
 * after a timeout, a replay from the agent's buffer) is stored once, and only new segments are
 * announced. Segments arriving after completion (spoken before it) bring the assembled transcript
 * up to date and ask the worker to summarise again.
 *
 * Nothing spoken inside a transcription pause, or once the client turned the assistant off, is
 * stored (privacy/room-privacy.ts), however late it arrives: those segments are `withheld`.
 *
 * The hottest write there is (every few seconds per room): one read, then in one transaction the
 * locks, the claim check and one statement that inserts the new segments, their events (in
 * spoken order) and the notification. The claim row is read FOR SHARE before the insert, under a
 * lock completion takes exclusively: nothing ends the claim, or the session, meanwhile. Prisma's
 * createManyAndReturn + createMany spent most of the time compiling queries.
 */
export async function appendTranscript(deps: Deps<'db' | 'now'>, input: z.infer<typeof appendTranscriptInput>) {
  const { db } = deps;
  const [appointment] = await sqlRows<{
    status: string;
    clientId: string;
    coachId: string;
    sessionId: string | null;
    clientName: string;
    coachName: string;
    assistantOff: boolean;
  }>(
    db,
    Prisma.sql`
      SELECT a.status::text AS status, a."clientId", a."coachId", s.id AS "sessionId",
        k."displayName" AS "clientName", c."displayName" AS "coachName",
        (a."aiOffAt" IS NOT NULL OR k."aiOptOutAt" IS NOT NULL) AS "assistantOff"
      FROM "Appointment" a JOIN "User" k ON k.id = a."clientId" JOIN "User" c ON c.id = a."coachId"
        LEFT JOIN "Session" s ON s."appointmentId" = a.id
      WHERE a.id = ${input.appointmentId}`,
  );
  if (!appointment) throw new DomainError('NOT_FOUND', 'No appointment with that id.');
  if (appointment.status === 'cancelled' || appointment.status === 'scheduled') {
    throw new DomainError('BAD_REQUEST', `This session is ${appointment.status}; there is nothing to transcribe.`);
  }
  const sessionId = appointment.sessionId;
  if (!sessionId) throw new DomainError('BAD_REQUEST', 'Nobody has joined this session yet.');
  if (appointment.assistantOff) return { stored: 0, duplicates: 0, refused: 0, withheld: input.segments.length };
  const outcome = await sqlTransaction(db, async (rows) => {
    // Shared with other writers, exclusive with completion; then the events' order (eventsLock's key),
    // in the order completion takes them, in one round trip.
    await rows(Prisma.sql`SELECT pg_advisory_xact_lock_shared(hashtext(${`complete:${input.appointmentId}`})),
      pg_advisory_xact_lock(hashtext(${`events:${input.appointmentId}`}))`);
    const [claim] = await rows<ClaimWindow & { status: string }>(claimWindow(input.appointmentId, input.epoch));
    const accepted =
      claim && claim.agentId === input.agentId ? input.segments.filter((s) => heldAt(claim, s.spokenAt)) : [];
    const refused = input.segments.length - accepted.length;
    if (!claim || accepted.length === 0) return { stored: 0, withheld: 0, refused, completed: false };
    const admins = accepted.some((s) => s.speaker === 'admin')
      ? new Map(
          (
            await rows<{ identity: string; displayName: string | null }>(Prisma.sql`
              SELECT identity, "displayName" FROM "SessionParticipant"
              WHERE "appointmentId" = ${input.appointmentId} AND role = 'admin'
                AND identity = ANY(${accepted.flatMap((s) => (s.identity ? [s.identity] : []))}::text[])`)
          ).map((p) => [p.identity, p.displayName]),
        )
      : new Map<string, string | null>();
    const speaker = (s: Segment): { id: string | null; name: string } => {
      if (s.speaker === 'client') return { id: appointment.clientId, name: appointment.clientName };
      if (s.speaker === 'coach') return { id: appointment.coachId, name: appointment.coachName };
      if (s.speaker === 'admin' && s.identity && admins.has(s.identity))
        return { id: s.identity, name: senderName('admin', admins.get(s.identity)) };
      return { id: null, name: senderName(s.speaker, null) };
    };
    const column = <T>(pick: (s: Segment) => T) => accepted.map(pick);
    const [result] = await rows<{ stored: number; withheld: number }>(Prisma.sql`
      WITH segment AS (
        SELECT * FROM unnest(
          ${column((s) => speaker(s).id)}::text[], ${column((s) => s.speaker)}::text[],
          ${column((s) => speaker(s).name)}::text[], ${column((s) => s.content)}::text[],
          ${column((s) => s.seq)}::int[], ${column((s) => s.idempotencyKey)}::text[],
          ${column((s) => s.spokenAt)}::timestamptz[], ${column((s) => s.confidence ?? null)}::float8[],
          ${column((s) => s.isFinal)}::bool[]
        ) AS t("userId", sender, "senderName", content, seq, "idempotencyKey", "spokenAt", confidence, "isFinal")
      ),
      paused AS (
        SELECT g."idempotencyKey" FROM segment g WHERE EXISTS (
          SELECT 1 FROM "TranscriptionPause" p
          WHERE p."sessionId" = ${sessionId} AND g."spokenAt" >= p."pausedAt"
            AND (p."resumedAt" IS NULL OR g."spokenAt" < p."resumedAt"))
      ),
      message AS (
        INSERT INTO "Message" (id, "sessionId", "userId", sender, kind, content, seq, "idempotencyKey", "spokenAt",
          confidence, "isFinal", "createdAt")
        SELECT gen_random_uuid()::text, ${sessionId}, "userId", sender::"MessageSender", 'transcript', content, seq,
          "idempotencyKey", "spokenAt", confidence, "isFinal", now()
        FROM segment WHERE "idempotencyKey" NOT IN (SELECT "idempotencyKey" FROM paused)
        ON CONFLICT ("sessionId", "idempotencyKey") DO NOTHING
        RETURNING id, "idempotencyKey", sender::text AS sender, content, seq, "spokenAt", confidence, "isFinal", "createdAt"
      ),
      event AS (
        INSERT INTO "SessionEvent" ("appointmentId", type, payload)
        SELECT ${input.appointmentId}, 'message', jsonb_build_object('message', jsonb_build_object(
          'id', m.id, 'kind', 'transcript', 'sender', m.sender, 'senderName', g."senderName", 'content', m.content,
          'seq', m.seq, 'spokenAt', ${isoJson('m."spokenAt"')}, 'confidence', m.confidence, 'isFinal', m."isFinal",
          'createdAt', ${isoJson('m."createdAt"')}))
        FROM message m JOIN segment g ON g."idempotencyKey" = m."idempotencyKey"
        ORDER BY m.seq
        RETURNING 1
      )
      SELECT (SELECT count(*)::int FROM event) AS stored, (SELECT count(*)::int FROM paused) AS withheld,
        (SELECT count(*) FROM (SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ appointmentId: input.appointmentId })})
          WHERE EXISTS (SELECT 1 FROM event)) AS n) AS notified`);
    return {
      stored: result?.stored ?? 0,
      withheld: result?.withheld ?? 0,
      refused,
      completed: claim.status === 'completed',
    };
  });
  if (outcome.completed && outcome.stored > 0) {
    await db.$transaction(async (tx) => {
      await tx.session.update({
        where: { id: sessionId },
        data: { transcript: await assembleTranscript(tx, sessionId) },
      });
      await requestPostSessionAgain(tx, input.appointmentId, deps.now());
    });
  }
  return {
    stored: outcome.stored,
    duplicates: input.segments.length - outcome.refused - outcome.withheld - outcome.stored,
    refused: outcome.refused,
    /** Segments not stored because transcription was paused (when any were). */
    ...(outcome.withheld > 0 ? { withheld: outcome.withheld } : {}),
  };
}

type Segment = z.infer<typeof appendTranscriptInput>['segments'][number];

/** An instant as JSON writes a Date ("2027-01-01T09:00:00.000Z"), so stored events read back alike. */
function isoJson(column: string): Prisma.Sql {
  return Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
}
