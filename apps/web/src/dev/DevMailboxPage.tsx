import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { MailIcon } from 'lucide-react';
import { useState } from 'react';
import { useViewer } from '../auth/viewer';
import { Badge } from '../components/ui/Badge';
import { Button } from '../components/ui/Button';
import { Card, CardContent } from '../components/ui/Card';
import { EmptyState } from '../components/ui/EmptyState';
import { ErrorState } from '../components/ui/ErrorState';
import { LoadingState } from '../components/ui/LoadingState';
import { formatDateTime, formatRelative } from '../lib/format';
import { deviceTimeZone } from '../lib/timezones';
import { useTRPC } from '../trpc';

const SIGN_IN_CODE = /\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/g;
const SIGN_IN_LINK = /https?:\/\/\S+\/sign-in\/link#token=[a-z2-7]{32}/;

/** Development mailbox: the emails the server would have sent, newest first, with codes picked out. */
export function DevMailboxPage() {
  const trpc = useTRPC();
  // Polled, so a code requested in another tab shows up without reloading.
  const mail = useQuery({ ...trpc.dev.mailbox.queryOptions(), refetchInterval: 2000 });
  const timeZone = useViewer().data?.timezone ?? deviceTimeZone() ?? 'UTC';

  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Development mailbox · HybridCoach</title>
      <Badge tone="warning">Development only</Badge>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Development mailbox</h1>
        <Button variant="outline" size="sm" onClick={() => mail.refetch()} disabled={mail.isFetching}>
          {mail.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      <p className="mt-2 text-muted-foreground">
        Without SMTP, emails land here instead of in an inbox (the last 100, until the server restarts).
      </p>
      <div className="mt-8">
        {mail.isPending ? (
          <LoadingState label="Loading emails…" />
        ) : mail.isError ? (
          <ErrorState error={mail.error} title="Could not load the mailbox" onRetry={() => mail.refetch()} />
        ) : mail.data.length === 0 ? (
          <EmptyState
            icon={<MailIcon className="size-6" />}
            title="No emails yet"
            description={
              <>
                Ask for a code on the{' '}
                <Link to="/sign-in" className="font-medium text-primary underline-offset-2 hover:underline">
                  sign-in page
                </Link>{' '}
                and it appears here.
              </>
            }
          />
        ) : (
          <ol className="flex flex-col gap-4" aria-label="Emails, newest first">
            {mail.data.map((message) => (
              <li key={message.id}>
                <MailCard message={message} timeZone={timeZone} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

interface Mail {
  id: number;
  to: string;
  subject: string;
  text: string;
  sentAt: Date;
}

function MailCard({ message, timeZone }: { message: Mail; timeZone: string }) {
  const codes = [...new Set(message.text.match(SIGN_IN_CODE) ?? [])];
  return (
    <Card>
      <CardContent className="flex flex-col gap-4">
        <article aria-labelledby={`mail-${message.id}`} className="flex flex-col gap-4">
          <header className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <div className="min-w-0">
              <h2 id={`mail-${message.id}`} className="font-semibold">
                {message.subject}
              </h2>
              <p className="text-sm break-all text-muted-foreground">To {message.to}</p>
            </div>
            <time
              dateTime={message.sentAt.toISOString()}
              title={formatDateTime(message.sentAt, timeZone)}
              className="shrink-0 text-sm text-muted-foreground"
            >
              {formatRelative(message.sentAt)}
            </time>
          </header>
          {codes.map((code) => (
            <CodeBox key={code} code={code} email={message.to} link={message.text.match(SIGN_IN_LINK)?.[0] ?? null} />
          ))}
          <details className="group text-sm">
            <summary className="cursor-pointer font-medium text-muted-foreground hover:text-foreground">
              Full email
            </summary>
            <pre className="mt-2 overflow-x-auto rounded-lg bg-muted p-3 font-sans whitespace-pre-wrap">
              {message.text}
            </pre>
          </details>
        </article>
      </CardContent>
    </Card>
  );
}

function CodeBox({ code, email, link }: { code: string; email: string; link: string | null }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-brand-200 bg-accent p-3 dark:border-brand-800">
      <p className="text-xs font-medium text-accent-foreground">Sign-in code</p>
      <code className="font-mono text-sm break-all text-foreground select-all" data-sign-in-code="">
        {code}
      </code>
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="outline" onClick={copy}>
          Copy code
        </Button>
        <Button asChild size="sm" variant="ghost">
          <Link to="/sign-in" search={{ step: 'code', email }}>
            Enter it on the sign-in page
          </Link>
        </Button>
        {link ? (
          <Button asChild size="sm" variant="ghost">
            {/* The link as the email has it: it names the server's PUBLIC_URL. */}
            <a href={link}>Open the sign-in link</a>
          </Button>
        ) : null}
        <span role="status" className="text-sm text-muted-foreground">
          {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Copy did not work here; select the code instead.' : ''}
        </span>
      </div>
    </div>
  );
}
