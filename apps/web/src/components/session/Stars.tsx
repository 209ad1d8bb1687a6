import { StarIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';

/** A rating out of 5 as stars; read out as "Rated 4 of 5". */
export function Stars({ rating, className }: { rating: number; className?: string }) {
  return (
    <span role="img" aria-label={`Rated ${rating} of 5`} className={cx('inline-flex items-center gap-0.5', className)}>
      {[1, 2, 3, 4, 5].map((value) => (
        <StarIcon
          key={value}
          className={cx('size-4', value <= rating ? 'fill-current text-amber-500' : 'text-muted-foreground/60')}
        />
      ))}
    </span>
  );
}
