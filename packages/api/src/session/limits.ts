/**
 * Limits of what crosses the wire, enforced by the procedures' schemas and imported by the
 * producers (the room page, the agent). Plain numbers, so a page can import them without zod.
 */
export const CHAT_MAX_LENGTH = 2000;
export const SEGMENT_MAX_LENGTH = 10_000;
export const TRANSCRIPT_BATCH_MAX = 200;
