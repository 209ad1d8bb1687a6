import { type ReactNode, useId } from 'react';
import { cx } from '../../lib/class-names';

export interface AdminTableProps {
  /** Names the table for screen readers and, unless `hideCaption`, on screen. */
  caption: ReactNode;
  hideCaption?: boolean;
  /** The `<thead>` and `<tbody>`. */
  children: ReactNode;
  className?: string;
}

/**
 * A data table in a region that scrolls sideways on a narrow screen (the page itself never
 * does). The region is focusable, so a keyboard can scroll it, and is named by the caption.
 * The caption shown on screen sits above the region, so that it wraps to the screen's width
 * instead of the table's; the table's own caption is for screen readers.
 */
export function AdminTable({ caption, hideCaption = false, children, className }: AdminTableProps) {
  const captionId = useId();
  return (
    <div className={cx('rounded-xl border border-border', className)}>
      {hideCaption ? null : (
        <p aria-hidden="true" className="border-b border-border px-4 py-3 text-sm font-medium text-foreground">
          {caption}
        </p>
      )}
      <section
        aria-labelledby={captionId}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
        tabIndex={0}
        // Relative: visually hidden text inside (position: absolute) must not widen the page.
        className={cx(
          'relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
          hideCaption ? 'rounded-xl' : 'rounded-b-xl',
        )}
      >
        <table className="w-full border-collapse text-left text-sm">
          <caption id={captionId} className="sr-only">
            {caption}
          </caption>
          {children}
        </table>
      </section>
    </div>
  );
}

export interface AdminColumn {
  label: string;
  /** Right-aligned, like the numbers below it. */
  numeric?: boolean;
  /** Named for screen readers only (a column of buttons, say). */
  hidden?: boolean;
}

/** The header row: one `<th scope="col">` per column, a plain string being a plain column. */
export function AdminTableHead({ columns }: { columns: readonly (string | AdminColumn)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, numeric, hidden } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={label} scope="col" className={cx(thClass, numeric && numericClass)}>
              {hidden ? <span className="sr-only">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** Classes for header cells: `<th scope="col" className={thClass}>`. */
export const thClass = 'bg-muted/60 px-4 py-2.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase';

/** Classes for body cells. */
export const tdClass = 'border-t border-border px-4 py-3 align-middle';

/** Numbers line up on the right. */
export const numericClass = 'text-right tabular-nums';
