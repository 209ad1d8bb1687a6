import { CheckIcon, CircleAlertIcon, InfoIcon } from 'lucide-react';
import type { ComponentProps, ReactNode } from 'react';
import { cx } from '../../lib/class-names';

export type AlertTone = 'info' | 'success' | 'danger';

const tones: Record<AlertTone, string> = {
  info: 'border-brand-200 bg-accent text-accent-foreground dark:border-brand-800',
  success:
    'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  danger: 'border-danger/30 bg-danger-muted text-foreground',
};

const icons: Record<AlertTone, ReactNode> = {
  info: <InfoIcon className="size-5 shrink-0" />,
  success: <CheckIcon className="size-5 shrink-0 text-emerald-700 dark:text-emerald-300" />,
  danger: <CircleAlertIcon className="size-5 shrink-0 text-danger" />,
};

export interface AlertProps extends Omit<ComponentProps<'div'>, 'title'> {
  tone?: AlertTone;
  title?: ReactNode;
}

/** A message in the flow of a page. Pass `role="alert"` or `role="status"` when it appears in response to an action. */
export function Alert({ tone = 'info', title, className, children, ...props }: AlertProps) {
  return (
    <div className={cx('flex gap-3 rounded-xl border p-4 text-sm', tones[tone], className)} {...props}>
      {icons[tone]}
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={title ? 'opacity-90' : undefined}>{children}</div> : null}
      </div>
    </div>
  );
}
