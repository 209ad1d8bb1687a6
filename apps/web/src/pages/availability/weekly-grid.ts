/** The weekly-hours editor's rows and their checks, kept apart from React so they can be tested. */

export interface WindowRow {
  /** Stable across edits, for React keys and field ids. */
  key: string;
  dayOfWeek: number;
  startTime: string;
  endTime: string;
}

/** Monday first, as most calendars show a week; values are the API's (0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const dayNameFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' });
/** "Monday" for 1, in the browser's language (4 January 2026 was a Sunday). */
export function dayName(dayOfWeek: number): string {
  return dayNameFormat.format(new Date(Date.UTC(2026, 0, 4 + dayOfWeek, 12)));
}

function toMinutes(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function fromMinutes(total: number): string {
  const clamped = Math.max(0, Math.min(total, 23 * 60 + 45));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}

/** The rows in the order the API gets them: by day of the week (Monday first), then by start. */
export function sortRows(rows: WindowRow[]): WindowRow[] {
  const position = (day: number) => (WEEK_ORDER as readonly number[]).indexOf(day);
  return [...rows].sort(
    (a, b) => position(a.dayOfWeek) - position(b.dayOfWeek) || a.startTime.localeCompare(b.startTime),
  );
}

/** A new window for a day: 09:00–17:00 on an empty day, else the hour after its last window. */
export function newWindowFor(rows: WindowRow[], dayOfWeek: number, key: string): WindowRow {
  const sameDay = rows.filter((r) => r.dayOfWeek === dayOfWeek && r.endTime);
  if (sameDay.length === 0) return { key, dayOfWeek, startTime: '09:00', endTime: '17:00' };
  const lastEnd = Math.max(...sameDay.map((r) => toMinutes(r.endTime)));
  return { key, dayOfWeek, startTime: fromMinutes(lastEnd), endTime: fromMinutes(lastEnd + 60) };
}

/** Field path (as the API names it: `windows.3.endTime`) → a message that says which window. */
export function validateWeekly(rows: WindowRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const numbered = numberRows(rows);
  rows.forEach((row, index) => {
    const name = numbered.get(row.key) ?? 'A window';
    if (!row.startTime) errors[`windows.${index}.startTime`] = `${name}: enter a start time`;
    if (!row.endTime) errors[`windows.${index}.endTime`] = `${name}: enter an end time`;
    else if (row.startTime && row.endTime <= row.startTime) {
      errors[`windows.${index}.endTime`] = `${name} must end after it starts`;
    }
  });
  rows.forEach((row, index) => {
    if (errors[`windows.${index}.startTime`] || errors[`windows.${index}.endTime`]) return;
    const clash = rows.find(
      (other, j) =>
        j < index &&
        other.dayOfWeek === row.dayOfWeek &&
        other.startTime &&
        other.endTime > other.startTime &&
        other.startTime < row.endTime &&
        row.startTime < other.endTime,
    );
    if (clash) {
      errors[`windows.${index}.startTime`] =
        `${numbered.get(row.key)} overlaps ${numbered.get(clash.key)?.replace(/^\w+ /, '')}; change or remove one`;
    }
  });
  return errors;
}

/** "Monday window 2": how errors and labels name a row (counted within its day, in list order). */
export function numberRows(rows: WindowRow[]): Map<string, string> {
  const perDay = new Map<number, number>();
  const names = new Map<string, string>();
  for (const row of rows) {
    const n = (perDay.get(row.dayOfWeek) ?? 0) + 1;
    perDay.set(row.dayOfWeek, n);
    names.set(row.key, `${dayName(row.dayOfWeek)} window ${n}`);
  }
  return names;
}

/** Compares what is on screen with what was saved, ignoring order and keys. */
export function sameWindows(a: WindowRow[], b: WindowRow[]): boolean {
  const norm = (rows: WindowRow[]) =>
    sortRows(rows)
      .map((r) => `${r.dayOfWeek}@${r.startTime}-${r.endTime}`)
      .join(',');
  return norm(a) === norm(b);
}
