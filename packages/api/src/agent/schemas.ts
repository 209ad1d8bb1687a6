import { z } from 'zod';

const appointmentId = z.string().trim().min(1).max(64);

/** An agent process's stable name: the lease holder, and part of its LiveKit identity. */
export const agentId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores');

/** How long a claim or heartbeat keeps a room; the agent heartbeats well within it. */
const leaseMs = z
  .number()
  .int()
  .min(200)
  .max(10 * 60_000)
  .default(30_000);

export const claimInput = z.object({
  agentId,
  max: z.number().int().min(1).max(100),
  /** Rooms this agent serves right now; a room held under its id but not listed is taken back. */
  holding: z.array(appointmentId).max(200).default([]),
  leaseMs,
});

export const heartbeatInput = z.object({
  agentId,
  appointmentIds: z.array(appointmentId).min(1).max(200),
  leaseMs,
});

export const releaseInput = z.object({
  agentId,
  appointmentId,
  /** True when the session is over for good; false hands the room back to any agent. */
  done: z.boolean(),
});

export const roomTokenInput = z.object({ agentId, appointmentId });

export const sessionTextInput = z.object({ appointmentId });
