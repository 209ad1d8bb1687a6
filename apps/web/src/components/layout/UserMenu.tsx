import { Link, useRouterState } from '@tanstack/react-router';
import { ChevronDownIcon, LogOutIcon, SettingsIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useSignOut } from '../../auth/use-sign-out';
import { roleLabels, type Viewer } from '../../auth/viewer';
import { cx } from '../../lib/class-names';
import { Avatar } from '../ui/Avatar';
import { Badge } from '../ui/Badge';

const itemClass = cx(
  'flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-left text-sm font-medium text-foreground transition-colors',
  'hover:bg-muted focus-visible:bg-muted disabled:opacity-50',
);

/** The signed-in person's links (Settings, Sign out), shared by the header menu and the phone menu. */
export function AccountLinks({ onNavigate }: { onNavigate?: () => void }) {
  const signOut = useSignOut();
  return (
    <ul className="flex flex-col gap-0.5">
      <li>
        <Link to="/settings" className={itemClass} onClick={onNavigate}>
          <SettingsIcon className="size-4 text-muted-foreground" />
          Settings
        </Link>
      </li>
      <li>
        <button type="button" className={itemClass} disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          <LogOutIcon className="size-4 text-muted-foreground" />
          {signOut.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </li>
      {signOut.isError ? (
        <li role="alert" className="px-3 py-2 text-sm text-danger">
          Could not sign out. Please try again.
        </li>
      ) : null}
    </ul>
  );
}

export function ViewerSummary({ viewer }: { viewer: Viewer }) {
  return (
    <div className="flex items-center gap-3 px-3 py-2">
      <Avatar name={viewer.displayName} src={viewer.profilePhotoPath} size="sm" />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-semibold">{viewer.displayName}</p>
        <p className="truncate text-xs text-muted-foreground">{viewer.email}</p>
      </div>
      <Badge tone={viewer.role === 'client' ? 'neutral' : 'brand'}>{roleLabels[viewer.role]}</Badge>
    </div>
  );
}

/**
 * The avatar-and-name button in the header and its panel. A disclosure (not an ARIA menu):
 * Tab moves through the links, Escape or a click elsewhere closes it.
 */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onFocus = (event: FocusEvent) => {
      if (root.current && event.target instanceof Node && !root.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm font-medium transition-colors hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
      >
        <Avatar name={viewer.displayName} src={viewer.profilePhotoPath} size="sm" />
        <span className="sr-only">Account menu for </span>
        {/* Beside the avatar on wide screens; at 1280 px the seven links of a coach need the room. */}
        <span className="sr-only 2xl:not-sr-only 2xl:max-w-40 2xl:truncate">{viewer.displayName}</span>
        <ChevronDownIcon className={cx('size-4 text-muted-foreground transition-transform', open && 'rotate-180')} />
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-50 mt-2 w-72 rounded-xl border border-border bg-card p-1.5 shadow-lg motion-safe:animate-pop-in"
      >
        <ViewerSummary viewer={viewer} />
        <div className="my-1.5 border-t border-border" />
        <AccountLinks onNavigate={() => setOpen(false)} />
      </div>
    </div>
  );
}
