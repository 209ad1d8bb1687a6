import { Link } from '@tanstack/react-router';
import { MessageSquareIcon } from 'lucide-react';
import { errorHttpStatus } from '../../lib/error-message';

/**
 * Where a refusal that says "Please message your coach" (a late cancel or move) sends the
 * client: their conversation with that coach. Shown only for such a refusal (403).
 */
export function MessageCoachLink({ error, coachId, name }: { error: unknown; coachId: string; name: string }) {
  if (errorHttpStatus(error) !== 403) return null;
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
