import { DateTime } from 'luxon';

/** Payout months are calendar months in UTC, as Stripe's own reports count them. */
export function monthRange(month: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'utc' });
  if (!start.isValid) throw new RangeError(`not a month: ${month}`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The UTC month an instant falls in: "2030-01". */
export function monthOf(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: 'utc' }).toFormat('yyyy-MM');
}
