import { useState } from 'react';
import { cx } from '../../lib/class-names';

function initials(name: string): string {
  const words = name
    .replace(/^coach\s+/i, '')
    .split(/\s+/)
    .filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

const sizes = {
  sm: 'size-8 text-xs',
  md: 'size-12 text-base',
  lg: 'size-16 text-lg',
} as const;

export interface AvatarProps {
  name: string;
  src: string | null;
  size?: keyof typeof sizes;
  className?: string;
}

/** A person's photo, or their initials when there is none or it fails to load. */
export function Avatar({ name, src, size = 'md', className }: AvatarProps) {
  const [failed, setFailed] = useState(false);
  const classes = cx('shrink-0 rounded-full object-cover', sizes[size], className);
  if (src && !failed) {
    // Empty alt: the name is always written next to the photo.
    return <img src={src} alt="" className={classes} onError={() => setFailed(true)} />;
  }
  return (
    <span
      aria-hidden="true"
      className={cx(classes, 'inline-flex items-center justify-center bg-accent font-semibold text-accent-foreground')}
    >
      {initials(name)}
    </span>
  );
}
