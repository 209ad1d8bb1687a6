import { MonitorIcon, MoonIcon, SunIcon } from 'lucide-react';
import { type ComponentType, useId } from 'react';
import { cx } from '../../lib/class-names';
import type { ThemePreference } from '../../theme/theme-preference';
import { setThemePreference, useThemePreference } from '../../theme/theme-store';

const options: { value: ThemePreference; label: string; Icon: ComponentType<{ className?: string }> }[] = [
  { value: 'light', label: 'Light', Icon: SunIcon },
  { value: 'dark', label: 'Dark', Icon: MoonIcon },
  { value: 'system', label: 'System', Icon: MonitorIcon },
];

/**
 * Light / dark / system as a radio group: native radios give arrow-key movement and
 * announce the choice. `showLabels` spells the options out (the phone menu has the room).
 */
export function ThemeToggle({ showLabels = false, className }: { showLabels?: boolean; className?: string }) {
  const preference = useThemePreference();
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-label="Colour theme"
      className={cx('inline-flex rounded-lg border border-border bg-muted p-0.5', className)}
    >
      {options.map(({ value, label, Icon }) => (
        <label
          key={value}
          title={showLabels ? undefined : `${label} theme`}
          className={cx(
            'relative inline-flex h-8 cursor-pointer items-center justify-center gap-1.5 rounded-md text-sm text-muted-foreground transition-colors',
            'hover:text-foreground has-checked:bg-card has-checked:text-foreground has-checked:shadow-sm',
            'dark:has-checked:bg-accent dark:has-checked:text-accent-foreground',
            'has-focus-visible:outline-2 has-focus-visible:outline-offset-1 has-focus-visible:outline-ring',
            showLabels ? 'flex-1 px-3' : 'w-8',
          )}
        >
          <input
            type="radio"
            name={name}
            value={value}
            checked={preference === value}
            onChange={() => setThemePreference(value)}
            className="sr-only"
          />
          <Icon className="size-4" />
          <span className={showLabels ? undefined : 'sr-only'}>{label}</span>
        </label>
      ))}
    </div>
  );
}
