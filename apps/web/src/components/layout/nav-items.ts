import type { LinkProps } from '@tanstack/react-router';

/** Who sees a link. Signed-in roles come with auth; until then everyone sees "everyone". */
export type NavAudience = 'everyone' | 'client' | 'coach' | 'admin';
export type ViewerRole = Exclude<NavAudience, 'everyone'> | null;

export interface NavItem {
  label: string;
  /** A route of the typed route tree, so a renamed route breaks the build, not the nav. */
  to: NonNullable<LinkProps['to']>;
  audience: NavAudience;
  /** Active only on this exact path (Home), not on every path below it. */
  exact?: boolean;
}

// Role pages add their links here, e.g. { label: 'My sessions', to: '/sessions', audience: 'client' }.
export const navItems: readonly NavItem[] = [{ label: 'Home', to: '/', audience: 'everyone', exact: true }];

export function navItemsFor(role: ViewerRole): NavItem[] {
  return navItems.filter((item) => item.audience === 'everyone' || item.audience === role);
}
