import type { ShellLinkProps } from './nav-items';

/**
 * The landing page's header links (it is served without the router): a page load into the app,
 * marked current the way the router's Link marks it.
 */
export function PlainShellLink({ to, exact = false, className, onClick, children }: ShellLinkProps) {
  const here = window.location.pathname;
  const current = here === to || (!exact && here.startsWith(to.endsWith('/') ? to : `${to}/`));
  return (
    <a
      href={to}
      className={className}
      onClick={onClick}
      aria-current={current ? 'page' : undefined}
      data-status={current ? 'active' : undefined}
    >
      {children}
    </a>
  );
}
