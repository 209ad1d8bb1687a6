import type { LinkProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** The signed-in person's role; null when nobody is signed in. */
export type ViewerRole = 'client' | 'coach' | 'admin' | null;

/** Who sees a link: everyone, anyone signed in, or one role. */
export type NavAudience = 'everyone' | 'signedIn' | Exclude<ViewerRole, null>;

export interface NavItem {
  label: string;
  /** A route of the typed route tree, so a renamed route breaks the build, not the nav. */
  to: NonNullable<LinkProps['to']>;
  audience: NavAudience;
  /** Active only on this exact path (Home), not on every path below it. */
  exact?: boolean;
}

// Role pages add their links here, e.g. { label: 'My sessions', to: '/sessions', audience: 'client' }.
export const navItems: readonly NavItem[] = [
  { label: 'Home', to: '/', audience: 'everyone', exact: true },
  { label: 'Dashboard', to: '/dashboard', audience: 'signedIn' },
  { label: 'Sessions', to: '/sessions', audience: 'signedIn' },
  { label: 'Book a session', to: '/book', audience: 'client' },
  { label: 'Appointments', to: '/appointments', audience: 'client' },
  { label: 'Goals', to: '/goals', audience: 'client' },
  { label: 'Agenda', to: '/agenda', audience: 'coach' },
  { label: 'Availability', to: '/availability', audience: 'coach' },
  { label: 'Appointments', to: '/appointments', audience: 'admin' },
  { label: 'Agenda', to: '/agenda', audience: 'admin' },
  { label: 'My clients', to: '/clients', audience: 'coach' },
  { label: 'Tips', to: '/tips', audience: 'coach' },
  { label: 'Clients', to: '/clients', audience: 'admin' },
  // One link for the admin pages (current on all of them); the pages link to each other.
  { label: 'Admin', to: '/admin', audience: 'admin' },
];

/** A link of the app's header: a route and, for Home, "current only on this exact path". */
export interface ShellLinkProps {
  to: NavItem['to'];
  exact?: boolean;
  className?: string;
  onClick?: () => void;
  children: ReactNode;
}

export function navItemsFor(role: ViewerRole): NavItem[] {
  return navItems.filter(
    (item) =>
      item.audience === 'everyone' || (role !== null && (item.audience === 'signedIn' || item.audience === role)),
  );
}
