/** Session lengths a person can choose (the API takes 15–120 minutes). */
export const DURATIONS = [30, 45, 60, 90] as const;
export const DEFAULT_DURATION = 30;

export interface CoachSlotsSearch {
  duration?: number;
}

/** `/book/$coachId?duration=45`: an unknown length falls back to the default. */
export function parseCoachSlotsSearch(search: Record<string, unknown>): CoachSlotsSearch {
  const duration = Number(search.duration);
  return { duration: (DURATIONS as readonly number[]).includes(duration) ? duration : undefined };
}
