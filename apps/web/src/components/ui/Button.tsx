import { Slot } from '@radix-ui/react-slot';
import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

export type ButtonVariant = 'primary' | 'secondary' | 'outline' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md' | 'lg' | 'icon';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-primary-foreground shadow-sm hover:bg-primary-hover',
  secondary: 'bg-accent text-accent-foreground hover:bg-brand-100 dark:hover:bg-brand-900',
  outline: 'border border-input bg-card text-foreground shadow-xs hover:bg-muted',
  ghost: 'text-foreground hover:bg-muted',
  danger: 'bg-danger text-danger-foreground shadow-sm hover:bg-danger-hover',
};

const sizes: Record<ButtonSize, string> = {
  sm: 'h-9 gap-1.5 px-3 text-sm',
  md: 'h-10 gap-2 px-4 text-sm',
  lg: 'h-12 gap-2 px-6 text-base',
  icon: 'size-10',
};

/** Shared so that links styled as buttons look the same: `buttonClassName({ variant })`. */
export function buttonClassName(options: { variant?: ButtonVariant; size?: ButtonSize } = {}) {
  return cx(
    'inline-flex shrink-0 items-center justify-center rounded-lg font-medium whitespace-nowrap transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
    'disabled:pointer-events-none disabled:opacity-50 aria-disabled:pointer-events-none aria-disabled:opacity-50',
    variants[options.variant ?? 'primary'],
    sizes[options.size ?? 'md'],
  );
}

export interface ButtonProps extends ComponentProps<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Render the single child (a link, say) with the button's look instead of a <button>. */
  asChild?: boolean;
}

export function Button({ variant, size, asChild = false, className, type, ...props }: ButtonProps) {
  const classes = cx(buttonClassName({ variant, size }), className);
  if (asChild) return <Slot className={classes} {...props} />;
  // Default to "button" so a button inside a form never submits it by accident.
  return <button type={type ?? 'button'} className={classes} {...props} />;
}
