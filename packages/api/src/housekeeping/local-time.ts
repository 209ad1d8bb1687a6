import { describeInZone } from '../scheduling/slots';

/**
 * An instant as a person reads it in their zone, for reminders and warnings. A stored zone that
 * no longer exists must not stop the message: UTC then, and the text says so.
 */
export function localTime(instant: Date, zone: string): { localDate: string; localTime: string; zone: string } {
  try {
    return { ...describeInZone(instant, zone), zone };
  } catch {
    return { ...describeInZone(instant, 'UTC'), zone: 'UTC' };
  }
}
