import { z } from 'zod';

/**
 * The transcription relay of peer-to-peer rooms: each browser sends its own microphone to the
 * server over a WebSocket (`/relay/<appointmentId>`), and the agent that holds the room hears
 * each person on their own (`/relay/<appointmentId>/agent`). Audio is binary: 16-bit signed
 * little-endian PCM, mono, `RELAY_SAMPLE_RATE`; to the agent each frame starts with one byte,
 * the speaker's slot. Control messages are JSON text, one schema per direction.
 */
export const RELAY_SAMPLE_RATE = 16_000;

/** Longest audio message accepted from a browser (a second of audio): more is a misbehaving client. */
export const RELAY_MAX_FRAME_BYTES = RELAY_SAMPLE_RATE * 2;

/** Server → browser: whether an agent is listening (send audio only while it is). */
export const relayToBrowser = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), listening: z.boolean() }),
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

/** The relay's paths, for the agent (resolved against its API_URL) and the browser (same origin). */
export const relayPaths = {
  browser: (appointmentId: string) => `/relay/${encodeURIComponent(appointmentId)}`,
  agent: (appointmentId: string) => `/relay/${encodeURIComponent(appointmentId)}/agent`,
};
