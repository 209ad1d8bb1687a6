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

/** Longest session description carried (Chromium's offers with video and a screen share are ~10 kB). */
export const SDP_MAX_LENGTH = 60_000;

/** What each person's browser sends now: microphone, camera, screen share (false: off or muted). */
export const mediaState = z.object({ audio: z.boolean(), video: z.boolean(), screen: z.boolean() });
export type MediaState = z.infer<typeof mediaState>;

/**
 * Peer-to-peer call signalling (rooms without LiveKit): a page announces itself with `hello`
 * (and its media), the two pages negotiate with session descriptions and ICE candidates as
 * WebRTC's "perfect negotiation" does, report mute changes with `media`, and say `bye`.
 */
export const peerSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), media: mediaState }),
  z.object({
    kind: z.literal('description'),
    description: z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().max(SDP_MAX_LENGTH) }),
  }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(1000),
      sdpMid: z.string().max(64).nullable(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
      usernameFragment: z.string().max(256).nullable(),
    }),
  }),
  z.object({ kind: z.literal('media'), media: mediaState }),
  z.object({ kind: z.literal('bye') }),
]);
export type PeerSignal = z.infer<typeof peerSignal>;

/** A page's id in a peer-to-peer call: new at every page load, so a reload is a new peer. */
export const peerId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be a peer id');

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
  /**
   * Peer-to-peer signalling from one person's page (`from`, `fromPeer`) to one page (`to`) or to
   * everyone (null). Stored, because a description is larger than a NOTIFY payload may be;
   * a page reads only the signals after its own join (`session.join` says where that is).
   */
  z.object({
    type: z.literal('signal'),
    from: z.string(),
    fromPeer: peerId,
    to: peerId.nullable(),
    signal: peerSignal,
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
