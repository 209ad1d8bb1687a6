import { z } from 'zod';

/**
 * The transcription relay of peer-to-peer rooms: each browser sends its own microphone to the
 * server over a WebSocket (`/relay/<appointmentId>`), and the agent that holds the room hears
 * each person on their own (`/relay/<appointmentId>/agent`). Audio is binary: 16-bit signed
 * little-endian PCM, mono, `RELAY_SAMPLE_RATE`; to the agent each frame starts with one byte,
 * the speaker's slot. The assistant's voice goes the other way, from the agent to every browser,
 * as the same PCM at `RELAY_VOICE_SAMPLE_RATE`. Control messages are JSON text, one schema per
 * direction.
 */
export const RELAY_SAMPLE_RATE = 16_000;

/** The assistant's voice on the relay (the Voice Agent's output rate). */
export const RELAY_VOICE_SAMPLE_RATE = 24_000;

/** Longest audio message accepted from a browser (a second of audio): more is a misbehaving client. */
export const RELAY_MAX_FRAME_BYTES = RELAY_SAMPLE_RATE * 2;

/**
 * Server → browser: whether an agent is listening (send audio only while it is), and `clear`:
 * drop the assistant's voice not played yet (someone talked over it).
 */
export const relayToBrowser = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), listening: z.boolean() }),
  z.object({ type: z.literal('clear') }),
]);
export type RelayToBrowser = z.infer<typeof relayToBrowser>;

/** Browser → server: the microphone went off (muted) or on again. */
export const relayFromBrowser = z.discriminatedUnion('type', [
  z.object({ type: z.literal('microphone'), on: z.boolean() }),
]);
export type RelayFromBrowser = z.infer<typeof relayFromBrowser>;

/** Server → agent: who speaks on which slot, and when someone's audio stops. */
export const relayToAgent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('participant'),
    slot: z.number().int().min(0).max(255),
    identity: z.string(),
    role: z.enum(['client', 'coach', 'admin']),
    joined: z.boolean(),
  }),
  z.object({ type: z.literal('audio_ended'), slot: z.number().int().min(0).max(255) }),
]);
export type RelayToAgent = z.infer<typeof relayToAgent>;

/** Agent → server: drop the voice not played yet (passed on to every browser as `clear`). */
export const relayFromAgent = z.discriminatedUnion('type', [z.object({ type: z.literal('clear') })]);
export type RelayFromAgent = z.infer<typeof relayFromAgent>;

/** The relay's paths, for the agent (resolved against its API_URL) and the browser (same origin). */
export const relayPaths = {
  browser: (appointmentId: string) => `/relay/${encodeURIComponent(appointmentId)}`,
  agent: (appointmentId: string) => `/relay/${encodeURIComponent(appointmentId)}/agent`,
};
