import { Badge } from '../../../components/ui/Badge';
import { statusLabels, statusTones } from './skool-labels';
import type { SubscriptionStatus } from './skool-types';

/** "None → Active", with each status as a badge. */
export function StatusChange({ from, to }: { from: SubscriptionStatus | null; to: SubscriptionStatus }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      {from ? <Badge tone={statusTones[from]}>{statusLabels[from]}</Badge> : <Badge>Not a member</Badge>}
      <span aria-hidden="true">→</span>
      <span className="sr-only">to</span>
      <Badge tone={statusTones[to]}>{statusLabels[to]}</Badge>
    </span>
  );
}
