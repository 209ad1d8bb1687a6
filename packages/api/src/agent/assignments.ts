import type { AppointmentStatus, AssistantMode } from '@hybridcoach/db';
import type { z } from 'zod';
import type { Deps } from '../core/context';
import { DomainError } from '../core/errors';
import { appendEvent } from '../session/events';
import { mintRoomToken } from '../session/livekit';
import { relayPaths } from '../session/relay-wire';
import { endClaims, recordClaims } from './claim-history';
import type { claimInput, heartbeatInput, releaseInput } from './schemas';

/** The agent's participant identity in LiveKit: recognisable, and distinct per agent process. */
export const agentIdentity = (agentId: string) => `agent-${agentId}`;

export interface ClaimedRoom {
  appointmentId: string;
  roomId: string;
  /** How many times this room has been claimed, this claim included: a fencing number per claim. */
  epoch: number;
  startsAt: Date;
  endsAt: Date;
  warningMinutes: number[];
  /** How the assistant takes part, as the coach set it (changes arrive on the room's feed). */
  assistantMode: AssistantMode;
  coach: { id: string; displayName: string };
  client: { id: string; displayName: string };
  /** Where and how the agent joins the room; null when LiveKit is not configured. */
  livekit: { url: string; token: string; identity: string } | null;
  /**
   * Without LiveKit (peer-to-peer rooms): where the agent hears each browser's microphone, a path
   * on the server's API (the agent's service token authenticates it); null with LiveKit.
   */
  relay: { url: string; token: string; identity: string } | null;
}

/**
 * How many rooms this agent may claim now: the rooms it holds under its id without serving them
 * (it restarted), plus its fair share of the rest. The share is the rooms that need an agent
 * (requested, claimed, or lapsed — not those held by agents that are full) divided among the
 * agents asking for rooms with room to spare, itself included; minus what it holds. Two agents
 * and six rooms end up three and three, whichever asks first; an agent that holds none can
 * always take one.
 */
async function claimBudget(
  deps: Deps<'db' | 'now'>,
  input: { agentId: string; holding: string[]; max: number },
): Promise<number> {
  const now = deps.now();
  const [row] = await deps.db.$queryRaw<{ agents: number; rooms: number; mine: number; reclaimable: number }[]>`
    WITH eligible AS (
      SELECT "agentId" FROM "AgentPresence"
      WHERE "agentId" <> ${input.agentId} AND "expiresAt" > ${now} AND free > 0
    )
    SELECT
      (SELECT count(*) FROM eligible)::int + 1 AS agents,
      count(*) FILTER (WHERE NOT (c.status = 'claimed' AND c."leaseExpiresAt" > ${now}
        AND c."agentId" <> ${input.agentId} AND c."agentId" NOT IN (SELECT "agentId" FROM eligible)))::int AS rooms,
      count(*) FILTER (WHERE c.status = 'claimed' AND c."agentId" = ${input.agentId})::int AS mine,
      count(*) FILTER (WHERE c.status = 'claimed' AND c."agentId" = ${input.agentId}
        AND NOT (c."appointmentId" = ANY(${input.holding}::text[])))::int AS reclaimable
    FROM "AgentAssignment" c JOIN "Appointment" ap ON ap.id = c."appointmentId"
    WHERE ap.status = 'active' AND c.status IN ('requested', 'claimed') AND ap."aiOffAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "User" cl WHERE cl.id = ap."clientId" AND cl."aiOptOutAt" IS NOT NULL)`;
  if (!row) return 0;
  const share = Math.ceil(row.rooms / row.agents);
  return Math.min(input.max, row.reclaimable + Math.max(0, share - row.mine));
}

/** An agent counts as asking for this long at least, however often it asks (a slow answer is no death). */
const MIN_ASKING_MS = 2000;

/**
 * The agent asks for rooms and can take `free` more (what claims are spread by); it counts as
 * asking for three of its claim intervals (at least MIN_ASKING_MS).
 */
async function markAsking(deps: Deps<'db' | 'now'>, agentId: string, free: number, pollMs: number): Promise<void> {
  const expiresAt = new Date(deps.now().getTime() + Math.max(3 * pollMs, MIN_ASKING_MS));
  await deps.db.agentPresence.upsert({
    where: { agentId },
    create: { agentId, free, expiresAt },
    update: { free, expiresAt },
  });
}

/**
 * Claims rooms for one agent, exclusively, up to its budget (see claimBudget): one UPDATE whose
 * target rows are picked with FOR UPDATE SKIP LOCKED, so concurrent claims never pick the same
 * row and a row changed by a concurrent claim is re-checked against the WHERE before it is
 * taken. Claimable: rooms of active appointments that nobody holds, whose lease ran out, or that
 * this agent holds under its id without serving them any more (it restarted; those come first).
 * Rooms the agent says it is serving (`holding`) are never returned, even with a lapsed lease:
 * the heartbeat renews those. Never a room whose client turned the
 * assistant off (for the session or for good). Each claim is recorded in the claim history, ending the one before.
 */
export async function claimRooms(
  deps: Deps<'db' | 'now' | 'settings'>,
  input: z.infer<typeof claimInput>,
): Promise<ClaimedRoom[]> {
  await markAsking(deps, input.agentId, input.max, input.pollMs);
  const budget = await claimBudget(deps, input);
  if (budget <= 0) return [];
  const now = deps.now();
  const leaseUntil = new Date(now.getTime() + input.leaseMs);
  const claimed = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ appointmentId: string; claims: number }[]>`
      UPDATE "AgentAssignment" AS a
      SET status = 'claimed', "agentId" = ${input.agentId}, "leaseExpiresAt" = ${leaseUntil},
          "heartbeatAt" = ${now}, claims = a.claims + 1, "updatedAt" = ${now}
      WHERE a.id IN (
        SELECT c.id FROM "AgentAssignment" c JOIN "Appointment" ap ON ap.id = c."appointmentId"
        WHERE ap.status = 'active'
          AND ap."aiOffAt" IS NULL
          AND NOT EXISTS (SELECT 1 FROM "User" cl WHERE cl.id = ap."clientId" AND cl."aiOptOutAt" IS NOT NULL)
          AND NOT (c."appointmentId" = ANY(${input.holding}::text[]))
          AND (c.status = 'requested'
            OR (c.status = 'claimed' AND (c."leaseExpiresAt" IS NULL OR c."leaseExpiresAt" <= ${now}))
            OR (c.status = 'claimed' AND c."agentId" = ${input.agentId}))
        ORDER BY (c.status = 'claimed' AND c."agentId" = ${input.agentId}) DESC, c."createdAt", c.id
        LIMIT ${budget}
        FOR UPDATE OF c SKIP LOCKED
      )
      RETURNING a."appointmentId", a.claims`;
    await recordClaims(tx, {
      agentId: input.agentId,
      now,
      claimed: rows.map((r) => ({ appointmentId: r.appointmentId, epoch: r.claims })),
    });
    return rows;
  });
  if (claimed.length === 0) return [];
  await deps.db.agentPresence.update({ where: { agentId: input.agentId }, data: { free: input.max - claimed.length } });
  const appointments = await deps.db.appointment.findMany({
    where: { id: { in: claimed.map((c) => c.appointmentId) } },
    select: {
      id: true,
      roomId: true,
      scheduledFor: true,
      endsAt: true,
      assistantMode: true,
      coach: { select: { id: true, displayName: true } },
      client: { select: { id: true, displayName: true } },
    },
  });
  const livekit = deps.settings.livekit;
  const identity = agentIdentity(input.agentId);
  return Promise.all(
    appointments.map(async (a) => ({
      appointmentId: a.id,
      roomId: a.roomId,
      epoch: claimed.find((c) => c.appointmentId === a.id)?.claims ?? 1,
      startsAt: a.scheduledFor,
      endsAt: a.endsAt,
      warningMinutes: deps.settings.session.warningMinutes,
      assistantMode: a.assistantMode,
      coach: a.coach,
      client: a.client,
      livekit: livekit
        ? {
            url: livekit.url,
            identity,
            token: await mintRoomToken(livekit, {
              roomId: a.roomId,
              identity,
              name: 'AI assistant',
              metadata: JSON.stringify({ role: 'agent' }),
            }),
          }
        : null,
      relay: livekit
        ? null
        : { url: `${relayPaths.agent(a.id)}?agentId=${encodeURIComponent(input.agentId)}`, token: '', identity },
    })),
  );
}

export interface HeldRoom {
  appointmentId: string;
  /** False when another agent took the room over (or it was released): stop serving it. */
  held: boolean;
  status: AppointmentStatus | null;
  endsAt: Date | null;
  /** Someone in the room paused transcription: send no audio for now (nothing spoken meanwhile is stored anyway). */
  transcriptionPaused: boolean;
}

/**
 * Renews the leases of the rooms an agent still holds and tells it, per room, whether it still
 * holds it and how the appointment stands (the agent learns a session has ended from here).
 * A lease that ran out while nobody else claimed the room is renewed: the agent never left.
 */
export async function heartbeatRooms(deps: Deps<'db' | 'now'>, input: z.infer<typeof heartbeatInput>) {
  // A full agent stops asking: its share of new rooms goes to the others at once.
  if (input.free !== undefined)
    await deps.db.agentPresence.updateMany({ where: { agentId: input.agentId }, data: { free: input.free } });
  const now = deps.now();
  const renewed = await deps.db.agentAssignment.updateManyAndReturn({
    where: { agentId: input.agentId, status: 'claimed', appointmentId: { in: input.appointmentIds } },
    data: { leaseExpiresAt: new Date(now.getTime() + input.leaseMs), heartbeatAt: now },
    select: { appointmentId: true },
  });
  // A room whose session someone else completed stays this agent's: it still has to finish it.
  const finished = await deps.db.agentAssignment.findMany({
    where: { agentId: input.agentId, status: 'done', appointmentId: { in: input.appointmentIds } },
    select: { appointmentId: true },
  });
  const held = new Set([...renewed, ...finished].map((r) => r.appointmentId));
  const appointments = await deps.db.appointment.findMany({
    where: { id: { in: input.appointmentIds } },
    select: {
      id: true,
      status: true,
      endsAt: true,
      session: { select: { pauses: { where: { resumedAt: null }, select: { id: true }, take: 1 } } },
    },
  });
  const rooms: HeldRoom[] = input.appointmentIds.map((id) => {
    const a = appointments.find((x) => x.id === id);
    return {
      appointmentId: id,
      held: held.has(id),
      status: a?.status ?? null,
      endsAt: a?.endsAt ?? null,
      transcriptionPaused: (a?.session?.pauses.length ?? 0) > 0,
    };
  });
  return { now, rooms };
}

/**
 * Gives a room up: back to `requested` for any agent, or `done` when its session is over. Its
 * claim ends here; the room's page learns the assistant has left.
 */
export async function releaseRoom(deps: Deps<'db' | 'now'>, input: z.infer<typeof releaseInput>) {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.agentAssignment.updateMany({
      where: { appointmentId: input.appointmentId, agentId: input.agentId, status: 'claimed' },
      data: input.done
        ? { status: 'done', leaseExpiresAt: null }
        : { status: 'requested', agentId: null, leaseExpiresAt: null },
    });
    if (count === 1) {
      await endClaims(tx, { appointmentIds: [input.appointmentId], now, agentId: input.agentId });
      if (!input.done)
        await appendEvent(tx, input.appointmentId, { type: 'assistant_state', state: 'paused', at: now });
    }
    return { released: count === 1 };
  });
}

/**
 * A fresh LiveKit token for a room the agent holds (tokens are short-lived; the agent needs a new
 * one to rejoin after a long disconnect). Null when LiveKit is not configured.
 */
export async function agentRoomToken(deps: Deps<'db' | 'settings'>, input: { agentId: string; appointmentId: string }) {
  const assignment = await deps.db.agentAssignment.findUnique({
    where: { appointmentId: input.appointmentId },
    select: { agentId: true, status: true, roomId: true },
  });
  if (!assignment) throw new DomainError('NOT_FOUND', 'No agent was asked into that room.');
  if (assignment.status !== 'claimed' || assignment.agentId !== input.agentId)
    throw new DomainError('CONFLICT', 'This agent does not hold that room; claim it first.');
  const livekit = deps.settings.livekit;
  if (!livekit) return null;
  const identity = agentIdentity(input.agentId);
  return {
    url: livekit.url,
    identity,
    token: await mintRoomToken(livekit, {
      roomId: assignment.roomId,
      identity,
      name: 'AI assistant',
      metadata: JSON.stringify({ role: 'agent' }),
    }),
  };
}
