import { type ReactNode, useState } from 'react';
import { useViewer } from '../../../auth/viewer';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../../components/ui/Card';
import { timezoneCity } from '../../../lib/format';
import { CommunityCards } from './CommunityCards';
import { CsvUpload } from './CsvUpload';
import { MembershipHistory } from './MembershipHistory';
import { SyncLogTable } from './SyncLogTable';

const sections = [
  { id: 'communities', label: 'Communities' },
  { id: 'upload', label: 'Upload a CSV' },
  { id: 'sync-log', label: 'Sync log' },
  { id: 'history', label: 'Membership history' },
] as const;

/** Admins: Skool memberships per community, "sync now", CSV uploads, the sync log and history. */
export function SkoolAdminPage() {
  const viewer = useViewer().data;
  const timeZone = viewer?.timezone ?? 'UTC';
  // The run an upload just wrote, marked in the log.
  const [appliedLogId, setAppliedLogId] = useState<number | null>(null);

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Skool sync · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-semibold tracking-tight">Skool sync</h1>
        <p className="max-w-3xl text-muted-foreground">
          Who belongs to the Ultra and Vagus communities decides who may coach and who may book. Memberships come from
          Skool’s members export, its webhooks and the members endpoint. Times are shown for {timezoneCity(timeZone)}.
        </p>
        <nav aria-label="On this page" className="mt-2">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} className="font-medium text-primary underline-offset-2 hover:underline">
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>

      <div className="mt-8 flex flex-col gap-8">
        <Part
          id="communities"
          title="Communities"
          description="Members by status, the last sync, and a way to read the members endpoint now."
        >
          <CommunityCards timeZone={timeZone} />
        </Part>

        <Part
          id="upload"
          title="Upload a members CSV"
          description="Export the members from Skool, upload the file, check what would change, then apply it."
          card
        >
          <CsvUpload timeZone={timeZone} onApplied={setAppliedLogId} />
        </Part>

        <Part id="sync-log" title="Sync log" description="Every sync from every source, newest first." card>
          <SyncLogTable timeZone={timeZone} highlightId={appliedLogId} />
        </Part>

        <Part
          id="history"
          title="Membership history"
          description="Each change of a member’s status that a sync found, newest first."
          card
        >
          <MembershipHistory timeZone={timeZone} />
        </Part>
      </div>
    </section>
  );
}

/** A titled part of the page, a jump target from the page's own nav; in a card unless it holds cards. */
function Part({
  id,
  title,
  description,
  card = false,
  children,
}: {
  id: string;
  title: string;
  description: string;
  card?: boolean;
  children: ReactNode;
}) {
  const headingId = `${id}-title`;
  if (!card) {
    return (
      <section id={id} aria-labelledby={headingId} className="scroll-mt-20">
        <h2 id={headingId} className="text-lg font-semibold tracking-tight">
          {title}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{description}</p>
        <div className="mt-4">{children}</div>
      </section>
    );
  }
  return (
    <section id={id} aria-labelledby={headingId} className="scroll-mt-20">
      <Card>
        <CardHeader>
          <CardTitle as="h2" id={headingId}>
            {title}
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
    </section>
  );
}
