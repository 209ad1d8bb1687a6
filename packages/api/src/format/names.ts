/**
 * People's names as the app shows them: a coach by the name they chose for clients ("Coach
 * Tomás") where they set one, everyone else by their display name.
 */

export interface Named {
  displayName: string;
  /** Set by coaches only; empty means "use my display name". */
  coachName?: string | null;
}

/** "Coach Tomás", or the display name when the coach chose no coach name. */
export function coachNameOf(coach: Named): string {
  return coach.coachName?.trim() || coach.displayName;
}
