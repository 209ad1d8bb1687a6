import { formatTime } from '@hybridcoach/api/format';

/** "27:41", "1:02:03": time left on a session's clock; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
}

/** The countdown in words, for screen readers: "27 minutes left", "under a minute left". */
export function describeTimeLeft(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (ms <= 0) return 'Time is up';
  if (minutes === 0) return 'Under a minute left';
  return `${minutes} minute${minutes === 1 ? '' : 's'} left`;
}

/** "1 h 5 min", "12 min 5 s", "40 s": how long someone was present. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}

/** "14:05" (or "2:05 PM", as the viewer's locale writes it) in the given IANA zone. */
export function formatClock(date: Date, timeZone: string): string {
  return formatTime(date, { timeZone });
}

/**
 * When a refused join says the room opens: the server writes the instant in parentheses
 * ("The room opens 10 minutes before the start (2031-04-01T09:50:00.000Z).").
 */
export function opensAtFrom(message: string): Date | null {
  const match = /\((\d{4}-\d{2}-\d{2}T[\d:.]+Z)\)/.exec(message);
  if (!match?.[1]) return null;
  const date = new Date(match[1]);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * How long until the room opens, in words that are true to the second where it matters: "in 37
 * seconds", "in 4 minutes", "in 2 hours"; "now" once it is open. Days and beyond read as dates.
 */
export function untilOpening(opensAt: Date, now: Date): string {
  const seconds = Math.ceil((opensAt.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

const tipFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "$3". Tips are whole US dollars. */
export function formatTip(amount: number): string {
  return tipFormat.format(amount);
}

interface Stay {
  role: string;
  joinedAt: Date;
  leftAt: Date | null;
}

/** One role's stays as non-overlapping [from, to] spans (ms), the open one ending `now`. */
function spans(stays: Stay[], role: string, now: Date): [number, number][] {
  const sorted = stays
    .filter((s) => s.role === role)
    .map((s): [number, number] => [s.joinedAt.getTime(), (s.leftAt ?? now).getTime()])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * How long a session really ran, from presence (not the booked length): from the first person's
 * arrival to the last one's leaving (`ranSeconds`, null when nobody came), and how long the client
 * and the coach were in the room together. Stays still open count until `now`.
 */
export function meetingLength(stays: Stay[], now: Date): { ranSeconds: number | null; togetherSeconds: number } {
  const people = stays.filter((s) => s.role !== 'agent');
  if (people.length === 0) return { ranSeconds: null, togetherSeconds: 0 };
  const from = Math.min(...people.map((s) => s.joinedAt.getTime()));
  const to = Math.max(...people.map((s) => (s.leftAt ?? now).getTime()));
  let together = 0;
  for (const [a0, a1] of spans(people, 'client', now))
    for (const [b0, b1] of spans(people, 'coach', now)) together += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return { ranSeconds: Math.round((to - from) / 1000), togetherSeconds: Math.round(together / 1000) };
}
