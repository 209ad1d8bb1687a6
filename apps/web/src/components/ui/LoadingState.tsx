import { cx } from '../../lib/class-names';
import { Spinner } from './Spinner';

/** A region's placeholder while its data loads; announced once to screen readers. */
export function LoadingState({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div
      role="status"
      className={cx('flex items-center justify-center gap-3 py-10 text-sm text-muted-foreground', className)}
    >
      <Spinner className="size-5 text-primary" />
      <span>{label}</span>
    </div>
  );
}
