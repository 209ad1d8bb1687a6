import { changeDeadline } from '@hybridcoach/api/change-rules';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { Alert } from '../ui/Alert';
import { formatDate, formatTime, zoneAbbreviation } from './time-format';

/** How long before the start a client can still cancel or move (CANCEL_CUTOFF_HOURS); its default until the server has said. */
export function useCancelCutoffHours(): number {
  const trpc = useTRPC();
  const options = useQuery({ ...trpc.auth.options.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  return options.data?.cancelCutoffHours ?? 12;
}

/** "Tue, 1 Dec 2026, 9:00 PM EST": a deadline, in the page's zone. */
export function formatDeadline(deadline: Date, timeZone: string): string {
  return `${formatDate(deadline, timeZone)}, ${formatTime(deadline, timeZone)} ${zoneAbbreviation(timeZone, deadline)}`;
}

/**
 * What booking (or moving to) a time means for cancelling it later, said before the client
 * confirms: until when they can, or that a time this close cannot be cancelled or moved at all.
 */
export function SlotChangeNote(props: { startsAt: Date; now: Date; timeZone: string; action: 'book' | 'move' }) {
  const { startsAt, now, timeZone } = props;
  const cutoffHours = useCancelCutoffHours();
  const deadline = changeDeadline(startsAt, cutoffHours);
  if (deadline.getTime() <= now.getTime()) {
    return (
      <Alert tone="danger" title="You will not be able to cancel or move this session">
        It starts in less than {cutoffHours} hours, and sessions can be cancelled or moved only up to {cutoffHours}{' '}
        hours before they start. {props.action === 'book' ? 'Book it' : 'Move it there'} only if you are sure you can
        come.
      </Alert>
    );
  }
  return (
    <Alert tone="info" title="Cancelling or moving">
      You can cancel or move this session until {formatDeadline(deadline, timeZone)}; after that, message your coach.
    </Alert>
  );
}
