import { z } from 'zod';
import { assistantState } from '../session/live-events';

const appointmentId = z.string().trim().min(1).max(64);

/** An agent process's stable name: the lease holder, and part of its LiveKit identity. */
export const agentId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores');

/** The claim an agent's write is made under: the server checks that it held the room. */
export const claimRef = { agentId, epoch: z.number().int().min(1).max(1_000_000) };

/** How long a claim or heartbeat keeps a room; the agent heartbeats well within it. */
const leaseMs = z
  .number()
  .int()
  .min(200)
  .max(10 * 60_000)
  .default(30_000);

export const claimInput = z.object({
  agentId,
  /** Rooms the agent can take now (its free capacity). */
  max: z.number().int().min(1).max(100),
  /** Rooms this agent serves right now; a room held under its id but not listed is taken back. */
  holding: z.array(appointmentId).max(200).default([]),
  leaseMs,
  /** How often the agent asks: it counts as asking (for the spreading of rooms) for three of these. */
  pollMs: z
    .number()
    .int()
    .min(10)
    .max(10 * 60_000)
    .default(2000),
});

export const heartbeatInput = z.object({
  agentId,
  appointmentIds: z.array(appointmentId).min(1).max(200),
  leaseMs,
  /** Rooms the agent could still take: a full agent leaves the rest to others. */
  free: z.number().int().min(0).max(100).optional(),
});

export const releaseInput = z.object({
  agentId,
  appointmentId,
  /** True when the session is over for good; false hands the room back to any agent. */
  done: z.boolean(),
});

export const roomTokenInput = z.object({ agentId, appointmentId });

/** A room the agent holds now (agent/room-scope.ts): what it reads and acts on there. */
export const heldRoomInput = z.object({ appointmentId, ...claimRef });

export const captionInput = z.object({
  appointmentId,
  ...claimRef,
  /** The speaking participant's identity in the room. */
  identity: z.string().trim().min(1).max(64),
  /** Longer captions keep their end (what is being said now). */
  text: z.string().trim().min(1).max(20_000),
  /** When the utterance began. */
  startedAt: z.date(),
});

export const assistantStateInput = z.object({
  appointmentId,
  ...claimRef,
  state: assistantState,
  wakePhrase: z.string().trim().min(1).max(60).optional(),
});
