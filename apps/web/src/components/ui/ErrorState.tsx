import { CircleAlertIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';
import { errorMessage, isRetryable } from '../../lib/error-message';
import { Button } from './Button';

export interface ErrorStateProps {
  /** A tRPC (or any) error; its message is what the server said a person can act on. */
  error: unknown;
  title?: string;
  /** Offered only when trying again could help (not for a missing thing or a refusal). */
  onRetry?: () => void;
  className?: string;
}

export function ErrorState({ error, title = 'Something went wrong', onRetry, className }: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cx(
        'flex flex-col items-start gap-3 rounded-xl border border-danger/30 bg-danger-muted p-4 text-sm sm:flex-row sm:items-center',
        className,
      )}
    >
      <CircleAlertIcon className="size-5 shrink-0 text-danger" />
      <div className="flex-1">
        <p className="font-medium text-foreground">{title}</p>
        <p className="mt-0.5 text-muted-foreground">{errorMessage(error)}</p>
      </div>
      {onRetry && isRetryable(error) ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
