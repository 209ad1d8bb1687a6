import type { ComponentProps, ReactNode } from 'react';
import { cx } from '../../lib/class-names';

export interface CheckboxProps extends Omit<ComponentProps<'input'>, 'type'> {
  label: ReactNode;
  description?: ReactNode;
}

/** A native checkbox with its label (and an optional description) beside it; the whole row is clickable. */
export function Checkbox({ label, description, className, id, ...props }: CheckboxProps) {
  const descriptionId = description && id ? `${id}-description` : undefined;
  return (
    <label htmlFor={id} className={cx('flex cursor-pointer items-start gap-3', className)}>
      <input
        id={id}
        type="checkbox"
        aria-describedby={descriptionId}
        className="mt-0.5 size-5 shrink-0 cursor-pointer rounded accent-primary"
        {...props}
      />
      <span className="flex flex-col gap-1">
        <span className="text-sm leading-5 font-medium">{label}</span>
        {description ? (
          <span id={descriptionId} className="text-sm text-muted-foreground">
            {description}
          </span>
        ) : null}
      </span>
    </label>
  );
}
