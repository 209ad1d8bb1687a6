import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';

/** One card of the settings page; `id` makes it a link target (`/settings#coach-settings`). */
export function SettingsSection(props: { id?: string; title: string; description?: ReactNode; children: ReactNode }) {
  const headingId = props.id ? `${props.id}-title` : undefined;
  return (
    <section id={props.id} aria-labelledby={headingId} className="scroll-mt-24">
      <Card>
        <CardHeader>
          <CardTitle as="h2" id={headingId}>
            {props.title}
          </CardTitle>
          {props.description ? <CardDescription>{props.description}</CardDescription> : null}
        </CardHeader>
        <CardContent>{props.children}</CardContent>
      </Card>
    </section>
  );
}

/** "Saved." after a successful save, announced politely; empty (and silent) otherwise. */
export function SavedStatus({ message }: { message: string | null }) {
  return (
    <p role="status" className="text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-300">
      {message}
    </p>
  );
}
