import { Link } from '@tanstack/react-router';
import { MessageSquareIcon } from 'lucide-react';
import { errorHttpStatus } from '../../lib/error-message';

/** The client's conversation with a coach: where "message your coach" sends them. */
export function MessageCoachLink({ coachId, name }: { coachId: string; name: string }) {
  return (
    <Link
      to="/messages"
      search={{ with: coachId }}
      className="inline-flex items-center gap-1.5 text-sm font-medium text-primary underline underline-offset-4 hover:no-underline"
    >
      <MessageSquareIcon className="size-4" />
      Message {name}
    </Link>
  );
}

/**
 * Under a refusal that says "Please message your coach" (a late cancel or move, 403): the
 * conversation with that coach. Nothing under any other error.
 */
export function MessageCoachAfterRefusal({ error, coachId, name }: { error: unknown; coachId: string; name: string }) {
  return errorHttpStatus(error) === 403 ? <MessageCoachLink coachId={coachId} name={name} /> : null;
}
