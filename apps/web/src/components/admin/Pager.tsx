import { Button } from '../ui/Button';

export interface PagerProps {
  /** Names the navigation ("Sync log pages"). */
  label: string;
  /** A sentence about where the reader is: "Page 2" or "21–40 of 75". */
  position: string;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  previousLabel?: string;
  nextLabel?: string;
  busy?: boolean;
}

/** Previous/next buttons for a paged table; a missing handler disables its button. */
export function Pager({
  label,
  position,
  onPrevious,
  onNext,
  previousLabel = 'Newer',
  nextLabel = 'Older',
  busy = false,
}: PagerProps) {
  if (!onPrevious && !onNext) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {position}
      </p>
      <div className="flex gap-2">
        <Button variant="outline" size="sm" disabled={!onPrevious || busy} onClick={onPrevious ?? undefined}>
          {previousLabel}
        </Button>
        <Button variant="outline" size="sm" disabled={!onNext || busy} onClick={onNext ?? undefined}>
          {nextLabel}
        </Button>
      </div>
    </nav>
  );
}
