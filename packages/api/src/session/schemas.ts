import { z } from 'zod';
import { claimRef } from '../agent/schemas';
import { reason } from '../privacy/schemas';
import { CHAT_MAX_LENGTH, SEGMENT_MAX_LENGTH, TRANSCRIPT_BATCH_MAX } from './limits';
import { assistantMode, peerId, peerSignal } from './live-events';

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');

export const appointmentIdInput = z.object({ appointmentId: id });

/** A session's record; an admin states why they read it (break-glass, recorded). */
export const sessionDetailInput = appointmentIdInput.extend({ reason: reason.nullish() });

export const assistantModeInput = z.object({ appointmentId: id, mode: assistantMode });

export const chatInput = z.object({
  appointmentId: id,
  content: z
    .string()
    .trim()
    .min(1, 'cannot be empty')
    .max(CHAT_MAX_LENGTH, `must be at most ${CHAT_MAX_LENGTH} characters`),
});

export const eventsInput = z.object({
  appointmentId: id,
  lastEventId: z
    .string()
    .regex(/^\d{1,19}$/, 'must be an event id')
    .refine((id) => BigInt(id) <= 9_223_372_036_854_775_807n, 'must be an event id')
    .nullish(),
});

/** One peer-to-peer signal from this page (`fromPeer`) to one page or to everyone (`to` null). */
export const signalInput = z.object({ appointmentId: id, fromPeer: peerId, to: peerId.nullable(), signal: peerSignal });

export const rateInput = z.object({
  appointmentId: id,
  rating: z.number().int('must be a whole number').min(1, 'must be 1–5').max(5, 'must be 1–5'),
  comment: z.string().trim().max(2000, 'must be at most 2000 characters').nullish(),
  tip: z.union([z.literal(1), z.literal(3), z.literal(5)], { error: 'must be $1, $3 or $5' }).nullish(),
});

export const historyInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).nullish(),
});

export const speaker = z.enum(['client', 'coach', 'admin', 'ai']);

/** One final stretch of one participant's speech (or the assistant's), as the agent sends it. */
export const transcriptSegment = z.object({
  /** The producer's idempotency key: the same segment sent twice is stored once. */
  idempotencyKey: z.string().trim().min(1).max(128),
  seq: z.number().int().min(0),
  speaker,
  /** The speaking participant's identity in the room (their user id); null for the assistant. */
  identity: z.string().trim().min(1).max(64).nullish(),
  content: z.string().trim().min(1).max(SEGMENT_MAX_LENGTH),
  spokenAt: z.date(),
  confidence: z.number().min(0).max(1).nullish(),
  isFinal: z.boolean().default(true),
});

export const appendTranscriptInput = z.object({
  appointmentId: id,
  ...claimRef,
  segments: z.array(transcriptSegment).min(1).max(TRANSCRIPT_BATCH_MAX),
});
