/**
 * The notice members agree to before their first transcribed session. A change of wording is a
 * new version: everyone is asked again at their next join. (Here rather than in the API because
 * the demo seed and the test factories record agreements to it too.)
 */
export const transcriptionNotice = {
  version: '2026-12-01',
  title: 'Transcription and the AI assistant',
  points: [
    'An AI assistant joins your sessions. It writes down what is said (a transcript), keeps the chat, and drafts a summary that your coach reviews.',
    'Your coach and you can read the transcript; an administrator only by stating a reason, which is recorded and shown in your data export.',
    'Anyone in the room can pause transcription at any time; nothing said while it is paused is stored.',
    'As a client you can turn the assistant off for one session or for good; the room is then a plain video and text room.',
    'You can download everything we hold about you, and ask for it to be deleted, under Settings → Privacy.',
  ],
} as const;
