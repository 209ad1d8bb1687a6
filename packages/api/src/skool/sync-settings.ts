/** The membership policy every Skool sync applies, wherever it runs (worker or web server). */
export interface SkoolSyncSettings {
  /** Days a cancelled member keeps access (a cancelled Ultra member stays a coach). */
  gracePeriodDays: number;
  /** Members are warned once when their grace period ends within this many days. */
  warningDays: number;
  /** A snapshot that would move more than this share (0–1) of active members off active is refused. */
  maxCancelShare: number;
}
