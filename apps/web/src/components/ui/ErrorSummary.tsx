import { CircleAlertIcon } from 'lucide-react';
import { type Ref, useId } from 'react';
import { cx } from '../../lib/class-names';
import type { FormErrors } from '../../lib/form-errors';

export interface ErrorSummaryProps {
  errors: FormErrors;
  /** Field path → the id of the control to jump to; paths without one are listed as text. */
  fieldIds?: Record<string, string>;
  title?: string;
  ref?: Ref<HTMLDivElement>;
  className?: string;
}

/**
 * What went wrong with a submission, at the top of the form. It takes focus (see useFormErrors)
 * so a screen reader reads it out, and each entry links to its field.
 */
export function ErrorSummary({
  errors,
  fieldIds = {},
  title = 'There is a problem',
  ref,
  className,
}: ErrorSummaryProps) {
  const titleId = useId();
  const entries = Object.entries(errors.fields);
  if (!errors.message && entries.length === 0) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby={titleId}
      className={cx(
        'flex gap-3 rounded-xl border border-danger/40 bg-danger-muted p-4 text-sm focus-visible:outline-2 focus-visible:outline-danger',
        className,
      )}
    >
      <CircleAlertIcon className="size-5 shrink-0 text-danger" />
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <p id={titleId} className="font-medium text-foreground">
          {title}
        </p>
        {errors.message ? <p className="text-foreground/90">{errors.message}</p> : null}
        {entries.length > 0 ? (
          <ul className="flex flex-col gap-1">
            {entries.map(([path, message]) => {
              const target = fieldIds[path] ?? fieldIds[path.split('.')[0] ?? ''];
              return (
                <li key={path}>
                  {target ? (
                    <a
                      href={`#${target}`}
                      className="font-medium text-danger underline underline-offset-2 hover:no-underline"
                      onClick={(event) => {
                        const field = document.getElementById(target);
                        if (!field) return;
                        event.preventDefault();
                        field.focus();
                        field.scrollIntoView({ block: 'center' });
                      }}
                    >
                      {message}
                    </a>
                  ) : (
                    <span className="text-danger">{message}</span>
                  )}
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
