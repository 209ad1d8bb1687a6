/**
 * What crosses a process boundary, for processes that must not load the server (the agent, the
 * browser): the live-event union, the transcript segment and the limits the server enforces.
 * Zod and types only — no database code comes along.
 */

export { CHAT_MAX_LENGTH, SEGMENT_MAX_LENGTH, TRANSCRIPT_BATCH_MAX } from './session/limits';
export {
  type AssistantMode,
  type AssistantState,
  assistantMode,
  assistantState,
  CAPTION_MAX_LENGTH,
  type CompletedBy,
  type SessionEvent,
  sessionEvent,
} from './session/live-events';
export { type MessageView, messageView } from './session/message-view';
export {
  RELAY_MAX_FRAME_BYTES,
  RELAY_SAMPLE_RATE,
  RELAY_VOICE_SAMPLE_RATE,
  type RelayFromAgent,
  type RelayFromBrowser,
  type RelayToAgent,
  type RelayToBrowser,
  relayFromAgent,
  relayFromBrowser,
  relayPaths,
  relayToAgent,
  relayToBrowser,
} from './session/relay-wire';
export { speaker, transcriptSegment } from './session/schemas';
