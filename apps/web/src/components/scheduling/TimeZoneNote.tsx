import { Link } from '@tanstack/react-router';
import { GlobeIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';
import { describeZone } from './time-format';

/** "Times are in New York time (America/New_York). Change" — every scheduling page names its zone. */
export function TimeZoneNote({ timeZone, className }: { timeZone: string; className?: string }) {
  return (
    <p className={cx('flex items-center gap-1.5 text-sm text-muted-foreground', className)}>
      <GlobeIcon className="size-4 shrink-0" />
      <span>
        Times are in <strong className="font-medium text-foreground">{describeZone(timeZone)}</strong>.{' '}
        <Link to="/settings" hash="profile" className="font-medium text-primary underline-offset-2 hover:underline">
          Change
        </Link>
      </span>
    </p>
  );
}
