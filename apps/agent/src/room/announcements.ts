/** What the agent says (and shows) when a timer warning is due. */
export function timerAnnouncement(minutesLeft: number): string {
  return minutesLeft === 1
    ? 'A quick heads-up: one minute left in this session.'
    : `A quick heads-up: ${minutesLeft} minutes left in this session.`;
}
