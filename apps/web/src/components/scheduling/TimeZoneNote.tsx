import { Link } from '@tanstack/react-router';
import { GlobeIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';
import { timezoneCity } from '../../lib/format';
import { describeZone } from './time-format';
import type { ZoneChoice } from './use-time-zone';

/**
 * "Times are in New York time (America/New_York). Change" — every scheduling page names its zone.
 * With a `choice` (pages where times are picked), a member whose device is elsewhere can switch
 * the times to the device's zone and back.
 */
export function TimeZoneNote({
  timeZone,
  choice,
  className,
}: {
  timeZone: string;
  choice?: ZoneChoice;
  className?: string;
}) {
  const device = choice?.device ?? null;
  return (
    <p className={cx('flex items-start gap-1.5 text-sm text-muted-foreground', className)}>
      <GlobeIcon className="mt-0.5 size-4 shrink-0" />
      <span>
        Times are in <strong className="font-medium text-foreground">{describeZone(timeZone)}</strong>
        {choice?.usingDevice ? ', this device’s zone' : ''}.{' '}
        {choice && device ? (
          <button
            type="button"
            className="font-medium text-primary underline-offset-2 hover:underline"
            onClick={() => choice.useDevice(!choice.usingDevice)}
          >
            {choice.usingDevice
              ? `Show in my zone (${timezoneCity(choice.saved)})`
              : `Show in my device’s zone (${timezoneCity(device)})`}
          </button>
        ) : (
          <Link to="/settings" hash="profile" className="font-medium text-primary underline-offset-2 hover:underline">
            Change
          </Link>
        )}
      </span>
    </p>
  );
}
