/**
 * The input schemas web forms validate with before sending: the very ones the procedures
 * parse, so that browser and server cannot disagree. Browser-safe: zod only, no server code.
 */

export { DIRECT_MESSAGE_MAX_LENGTH, sendDirectMessageInput } from './messaging/schemas';
export { notificationTopic, updatePreferencesInput } from './notification/schemas';
export { exerciseDifficulty } from './post-session/recap-schema';
export { bookingRulesInput } from './scheduling/schemas';
