import { Link } from '@tanstack/react-router';
import { cx } from '../../lib/class-names';

const tabClass = cx(
  'block rounded-lg px-4 py-2 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors hover:text-foreground',
  'aria-[current=page]:bg-card aria-[current=page]:text-foreground aria-[current=page]:shadow-sm',
);

/** The admin pages, side by side: the main nav has one "Admin" link for all of them. */
export function AdminTabs({ className }: { className?: string }) {
  return (
    <nav aria-label="Admin pages" className={cx('w-fit max-w-full overflow-x-auto rounded-xl bg-muted p-1', className)}>
      <ul className="flex gap-1">
        <li>
          <Link to="/admin/users" className={tabClass}>
            Users
          </Link>
        </li>
        <li>
          <Link to="/admin/coaches" className={tabClass}>
            Coaches
          </Link>
        </li>
        <li>
          <Link to="/admin/skool" className={tabClass}>
            Skool sync
          </Link>
        </li>
        <li>
          <Link to="/admin/metrics" className={tabClass}>
            Daily metrics
          </Link>
        </li>
        <li>
          <Link to="/admin/audit" className={tabClass}>
            Audit log
          </Link>
        </li>
        <li>
          <Link to="/admin/payments" className={tabClass}>
            Tips and payouts
          </Link>
        </li>
        <li>
          <Link to="/admin/privacy" className={tabClass}>
            Member data
          </Link>
        </li>
      </ul>
    </nav>
  );
}
