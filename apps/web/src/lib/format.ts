import { formatTimestamp } from '@hybridcoach/api/format';

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const ratingFormat = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Ratings are out of 5 and shown with one decimal: "4.5". */
export function formatRating(value: number): string {
  return ratingFormat.format(value);
}

export { timezoneCity } from '@hybridcoach/api/format';

/** "Nov 21, 2025, 2:05 PM" in the given IANA zone (the viewer's, so times match their settings). */
export function formatDateTime(date: Date, timeZone: string): string {
  return formatTimestamp(date, { timeZone, zone: false });
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "just now", "5 minutes ago", "in 3 days": how far `date` is from `now`. */
export function formatRelative(date: Date, now: Date = new Date()): string {
  let value = (date.getTime() - now.getTime()) / 1000;
  if (Math.abs(value) < 45) return 'just now';
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit);
    value /= size;
  }
  return relativeFormat.format(Math.round(value), 'year');
}
