import { Link } from '@tanstack/react-router';
import type { ShellLinkProps } from './nav-items';

/** The app's header links: client-side navigation; Link marks the current route itself. */
export function RouterShellLink({ to, exact = false, className, onClick, children }: ShellLinkProps) {
  return (
    <Link to={to} activeOptions={{ exact }} className={className} onClick={onClick}>
      {children}
    </Link>
  );
}
