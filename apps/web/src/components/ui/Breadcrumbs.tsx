import { Children, type ReactNode } from 'react';

/** Classes for a link in the trail: `<Link className={crumbClass}>`. */
export const crumbClass = 'font-medium text-primary underline-offset-2 hover:underline';

/** Where this page sits: links to the pages above it (the children), then this page. */
export function Breadcrumbs({ current, children }: { current: ReactNode; children: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      {Children.map(children, (link) => (
        <>
          {link}
          <span aria-hidden="true" className="mx-2 text-muted-foreground">
            /
          </span>
        </>
      ))}
      <span aria-current="page" className="text-muted-foreground">
        {current}
      </span>
    </nav>
  );
}
