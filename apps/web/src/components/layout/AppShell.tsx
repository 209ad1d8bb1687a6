import { MenuIcon, XIcon } from 'lucide-react';
import { type ComponentType, lazy, type ReactNode, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { cx } from '../../lib/class-names';
import { Button } from '../ui/Button';
import { Skeleton } from '../ui/Skeleton';
import { BrandMark } from './BrandMark';
import { type NavItem, navItemsFor, type ShellLinkProps } from './nav-items';
import { ThemeToggle } from './ThemeToggle';

// The signed-in person's menu, messages badge and bell are loaded with their first page: a first visit to the
// landing page (signed out) does not download them.
const NotificationBell = lazy(() =>
  import('../scheduling/NotificationBell').then((m) => ({ default: m.NotificationBell })),
);
const MessagesBadge = lazy(() => import('../messaging/MessagesBadge').then((m) => ({ default: m.MessagesBadge })));
const UserMenu = lazy(() => import('./UserMenu').then((m) => ({ default: m.UserMenu })));
const ViewerSummary = lazy(() => import('./UserMenu').then((m) => ({ default: m.ViewerSummary })));
const AccountLinks = lazy(() => import('./UserMenu').then((m) => ({ default: m.AccountLinks })));

const linkClass = cx(
  'rounded-lg px-3 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors',
  'hover:bg-muted hover:text-foreground',
  'data-[status=active]:bg-accent data-[status=active]:text-accent-foreground',
);

function NavLinks({
  items,
  Link,
  onNavigate,
}: {
  items: NavItem[];
  Link: ComponentType<ShellLinkProps>;
  onNavigate?: () => void;
}) {
  return items.map((item) => (
    <li key={`${item.audience}:${item.to}`}>
      <Link to={item.to} exact={item.exact} className={cx(linkClass, 'block')} onClick={onNavigate}>
        {item.label}
      </Link>
    </li>
  ));
}

export interface AppShellProps {
  children: ReactNode;
  /** The current path: a navigation closes the phone menu; the sign-in page has no "Sign in" button. */
  pathname: string;
  /**
   * How the shell links (marking the current page with aria-current="page" and
   * data-status="active"): the router's Link in the app, a plain link on the landing page,
   * which is served without the router (src/landing.tsx).
   */
  Link: ComponentType<ShellLinkProps>;
}

/** Header (nav for the signed-in person's role, their menu or "Sign in"), main, footer. */
export function AppShell({ children, pathname, Link }: AppShellProps) {
  const viewerQuery = useViewer();
  const viewer = viewerQuery.data ?? null;
  const items = navItemsFor(viewer?.role ?? null);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);

  // Any navigation (a link, the back button) closes the phone menu.
  useEffect(() => setMenuOpen(false), [pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-card text-sm font-medium shadow-lg focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:px-4 focus:py-2"
      >
        Skip to content
      </a>

      <header className="sticky top-0 z-40 border-b border-border bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-16 max-w-6xl items-center gap-4 px-4 sm:px-6">
          <Link
            to="/"
            exact
            className="-ml-1 flex items-center gap-2 rounded-lg px-1 py-1 text-lg font-semibold tracking-tight"
          >
            <BrandMark />
            HybridCoach
          </Link>

          {/* Seven links for coaches and admins need a wide screen; narrower ones get the menu. */}
          <nav aria-label="Main" className="hidden xl:block">
            <ul className="flex items-center gap-1">
              <NavLinks items={items} Link={Link} />
            </ul>
          </nav>

          <div className="ml-auto flex items-center gap-2">
            {viewer ? (
              <Suspense fallback={null}>
                <MessagesBadge />
                <NotificationBell />
              </Suspense>
            ) : null}
            <div className="hidden xl:block">
              <ThemeToggle />
            </div>
            {viewerQuery.isPending ? (
              <Skeleton circle className="size-8" />
            ) : viewer ? (
              <div className="hidden xl:block">
                <Suspense fallback={<Skeleton circle className="size-8" />}>
                  <UserMenu viewer={viewer} />
                </Suspense>
              </div>
            ) : pathname === '/sign-in' ? null : (
              <Button asChild size="sm">
                <Link to="/sign-in">Sign in</Link>
              </Button>
            )}
            <Button
              ref={menuButton}
              variant="ghost"
              size="icon"
              className="xl:hidden"
              aria-expanded={menuOpen}
              aria-controls={menuId}
              onClick={() => setMenuOpen((open) => !open)}
            >
              {menuOpen ? <XIcon /> : <MenuIcon />}
              <span className="sr-only">{menuOpen ? 'Close menu' : 'Open menu'}</span>
            </Button>
          </div>
        </div>

        <div id={menuId} hidden={!menuOpen} className="border-t border-border bg-background px-4 pt-2 pb-4 xl:hidden">
          <nav aria-label="Main">
            <ul className="flex flex-col gap-1">
              <NavLinks items={items} Link={Link} onNavigate={() => setMenuOpen(false)} />
            </ul>
          </nav>
          {viewer ? (
            <div className="mt-4 border-t border-border pt-3">
              <Suspense fallback={null}>
                <ViewerSummary viewer={viewer} />
                <AccountLinks onNavigate={() => setMenuOpen(false)} />
              </Suspense>
            </div>
          ) : null}
          <div className="mt-4 flex flex-col gap-2 border-t border-border pt-4">
            <span className="text-xs font-medium text-muted-foreground">Theme</span>
            <ThemeToggle showLabels className="w-full" />
          </div>
        </div>
      </header>

      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {children}
      </main>

      <footer className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <p className="flex items-center gap-2">
            <BrandMark className="size-5" />
            <span>© {new Date().getFullYear()} HybridCoach</span>
          </p>
          <p>1:1 coaching for the Ultra and Vagus communities.</p>
        </div>
      </footer>
    </div>
  );
}
