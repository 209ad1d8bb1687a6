import type { Prisma } from '@hybridcoach/db';
import { z } from 'zod';
import { messageView } from './message-view';

/** Who ended a session: the agent, the coach or an admin, LiveKit's room_finished, or the sweeper. */
export const completedBy = z.enum(['agent', 'coach', 'admin', 'room_finished', 'sweeper']);
export type CompletedBy = z.infer<typeof completedBy>;

const participantRole = z.enum(['client', 'coach', 'admin', 'agent']);

/** How the assistant takes part (the coach sets it per appointment); it transcribes in every mode. */
export const assistantMode = z.enum(['scribe', 'off', 'conversational']);
export type AssistantMode = z.infer<typeof assistantMode>;

/** What the assistant is doing: transcribing, answering someone, or not in the room. */
export const assistantState = z.enum(['listening', 'answering', 'paused']);
export type AssistantState = z.infer<typeof assistantState>;

/** Longest caption carried live (a NOTIFY payload is at most 8000 bytes); longer ones keep their end. */
export const CAPTION_MAX_LENGTH = 1000;

/**
 * Everything a room's live feed carries, one variant per kind of event. `appendEvent` accepts
 * only this type, `session.events` yields it, and the web app infers it from the router: there
 * is no other description of an event anywhere. Dates are coerced, so the same schema reads
 * what was stored as JSON.
 */
export const sessionEvent = z.discriminatedUnion('type', [
  /** A chat line, a transcript segment or a system note was stored. */
  z.object({ type: z.literal('message'), message: messageView }),
  /** A timer warning was announced. */
  z.object({ type: z.literal('timer_warning'), minutesLeft: z.number().int().positive(), endsAt: z.coerce.date() }),
  /** The session went live or ended (and who ended it). */
  z.object({
    type: z.literal('state'),
    status: z.enum(['active', 'completed']),
    by: completedBy.optional(),
    at: z.coerce.date(),
  }),
  /** Transcription was paused or resumed, or the client turned the AI assistant off or on. */
  z.object({
    type: z.literal('privacy'),
    transcription: z.enum(['on', 'paused']),
    assistant: z.enum(['on', 'off']),
    by: z.string().nullable(),
    at: z.coerce.date(),
  }),
  /** Someone joined or left the room. */
  z.object({
    type: z.literal('participant'),
    identity: z.string(),
    name: z.string().nullable(),
    role: participantRole,
    joined: z.boolean(),
  }),
  /**
   * What a participant is saying right now, before Deepgram settles it: delivered live only, never
   * stored. It is replaced by the next caption and settled by the final segment spoken at
   * `startedAt` or later.
   */
  z.object({
    type: z.literal('caption'),
    identity: z.string(),
    sender: z.enum(['client', 'coach', 'admin']),
    name: z.string(),
    text: z.string().max(CAPTION_MAX_LENGTH),
    /** When the utterance began (the spokenAt of its final segment). */
    startedAt: z.coerce.date(),
  }),
  /** The coach changed how the assistant takes part. */
  z.object({ type: z.literal('assistant_mode'), mode: assistantMode, at: z.coerce.date() }),
  /** The agent serving the room reports what the assistant is doing (and the words that address it). */
  z.object({
    type: z.literal('assistant_state'),
    state: assistantState,
    wakePhrase: z.string().max(60).optional(),
    at: z.coerce.date(),
  }),
  /** Someone pressed "Ask the assistant": their next words are addressed to it. */
  z.object({
    type: z.literal('assistant_asked'),
    identity: z.string(),
    name: z.string(),
    at: z.coerce.date(),
  }),
]);

/** Events delivered live only (NOTIFY payload), never written to the SessionEvent table. */
export const EPHEMERAL_EVENT_TYPES = ['caption'] as const satisfies SessionEvent['type'][];

export type SessionEvent = z.infer<typeof sessionEvent>;
export type SessionEventType = SessionEvent['type'];

/** What is stored in SessionEvent.payload: the event without its type (a column of its own), as JSON. */
export function eventPayload(event: SessionEvent): Prisma.InputJsonObject {
  const { type: _type, ...payload } = event;
  return JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonObject;
}

/** A stored event read back, or null when its row is not one (logged by the caller). */
export function storedEvent(type: string, payload: Prisma.JsonValue): SessionEvent | null {
  const parsed = sessionEvent.safeParse(
    typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? { ...payload, type } : { type },
  );
  return parsed.success ? parsed.data : null;
}
