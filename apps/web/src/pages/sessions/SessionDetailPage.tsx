import { coachNameOf } from '@hybridcoach/api/format';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { TRPCClientError } from '@trpc/client';
import { type ReactNode, useId, useState } from 'react';
import { roleLabels, useViewer } from '../../auth/viewer';
import { TipStatus } from '../../components/payment/TipStatus';
import { RatingDialog } from '../../components/session/RatingDialog';
import { Stars } from '../../components/session/Stars';
import { formatClock, formatSeconds, meetingLength } from '../../components/session/session-format';
import { senderRoleLabels, senderTextClass } from '../../components/session/speakers';
import { Badge } from '../../components/ui/Badge';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import type { RouterOutputs } from '../../lib/api-types';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { BreakGlassForm } from './BreakGlassForm';
import { ReadableTranscript } from './ReadableTranscript';
import { statusLabels, statusTones } from './SessionsPage';

const route = getRouteApi('/signed-in/sessions/$appointmentId');

type Detail = RouterOutputs['session']['detail'];

/** Everything recorded about one session: who was there and for how long, chat, transcript, summary, rating. */
export function SessionDetailPage() {
  const { appointmentId } = route.useParams();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const [reason, setReason] = useState<string | null>(null);
  const detail = useQuery(trpc.session.detail.queryOptions({ appointmentId, reason }));
  const needsReason =
    viewer?.role === 'admin' &&
    detail.error instanceof TRPCClientError &&
    (detail.error.data as { code?: string } | undefined)?.code === 'FORBIDDEN';
  const timeZone = viewer?.timezone ?? 'UTC';
  const heading = detail.data ? sessionTitle(detail.data) : 'Session';

  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      <title>{`${heading} · HybridCoach`}</title>
      <Breadcrumbs current={detail.data ? formatDateTime(detail.data.scheduledFor, timeZone) : 'Session'}>
        <Link to="/sessions" className={crumbClass}>
          Sessions
        </Link>
      </Breadcrumbs>
      {detail.isPending ? (
        <LoadingState label="Loading the session…" className="mt-8" />
      ) : needsReason ? (
        <BreakGlassForm onReason={setReason} error={reason ? errorMessage(detail.error) : null} />
      ) : detail.isError ? (
        <div className="mt-8 max-w-xl">
          <h1 className="mb-4 text-2xl font-semibold tracking-tight">Session</h1>
          <ErrorState error={detail.error} title="This session could not be shown" onRetry={() => detail.refetch()} />
        </div>
      ) : (
        <SessionRecord detail={detail.data} timeZone={timeZone} />
      )}
    </div>
  );
}

function sessionTitle(detail: Detail): string {
  const coach = coachNameOf(detail.coach);
  if (detail.viewerRole === 'client') return `Session with ${coach}`;
  if (detail.viewerRole === 'coach') return `Session with ${detail.client.displayName}`;
  return `${coach} with ${detail.client.displayName}`;
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Card>
        <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
          <CardTitle as="h2" id={id}>
            {title}
          </CardTitle>
          {action}
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
    </section>
  );
}

function SessionRecord({ detail, timeZone }: { detail: Detail; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [ratingOpen, setRatingOpen] = useState(false);
  const coachName = coachNameOf(detail.coach);
  const canRate = detail.viewerRole === 'client' && detail.status === 'completed' && !detail.rating;

  return (
    <div className="mt-4 flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{sessionTitle(detail)}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <Badge tone={statusTones[detail.status]}>{statusLabels[detail.status]}</Badge>
            <span>
              <time dateTime={detail.scheduledFor.toISOString()}>{formatDateTime(detail.scheduledFor, timeZone)}</time>{' '}
              · <RealLength detail={detail} />
            </span>
            {detail.startedAt ? <span>Opened {formatClock(detail.startedAt, timeZone)}</span> : null}
            {detail.endedAt ? <span>Ended {formatClock(detail.endedAt, timeZone)}</span> : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {detail.status === 'active' ? (
            <Button asChild>
              <Link to="/room/$appointmentId" params={{ appointmentId: detail.id }}>
                Rejoin the room
              </Link>
            </Button>
          ) : null}
          {canRate ? <Button onClick={() => setRatingOpen(true)}>Rate this session</Button> : null}
        </div>
      </header>

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-6">
          <Section title="Recap">
            {detail.summary ? (
              <p className="leading-relaxed whitespace-pre-line">{detail.summary}</p>
            ) : (
              <p className="text-sm text-muted-foreground">
                {detail.viewerRole === 'coach'
                  ? detail.draftWaiting
                    ? 'A draft recap waits for your review: the client sees it once you publish it.'
                    : 'No recap is published yet.'
                  : 'Your coach’s recap appears here once they publish it.'}
              </p>
            )}
            {detail.viewerRole === 'coach' && detail.status === 'completed' ? (
              <Button asChild variant="outline" size="sm" className="mt-3">
                <Link to="/sessions/$appointmentId/recap" params={{ appointmentId: detail.id }}>
                  {detail.summary ? 'Edit the recap' : 'Review the recap'}
                </Link>
              </Button>
            ) : null}
            {detail.topics.length > 0 ? (
              <div className="mt-4">
                <h3 className="text-sm font-medium text-muted-foreground">Topics</h3>
                <ul className="mt-2 flex flex-wrap gap-2">
                  {detail.topics.map((topic) => (
                    <li key={topic}>
                      <Badge tone="brand">{topic}</Badge>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Section>

          <Section
            title="Transcript"
            action={detail.transcriptText ? <DownloadTranscript detail={detail} timeZone={timeZone} /> : null}
          >
            {detail.transcriptPurgedAt ? (
              <p className="mb-3 text-sm text-muted-foreground">
                The transcript and chat were removed on {formatDateTime(detail.transcriptPurgedAt, timeZone)} (retention
                or a member's deletion).
              </p>
            ) : null}
            <ReadableTranscript lines={detail.transcript} timeZone={timeZone} />
          </Section>

          <Section title="Chat">
            {detail.chat.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nobody wrote in the chat.</p>
            ) : (
              <ol className="flex flex-col gap-3">
                {detail.chat.map((message) => (
                  <li key={message.id} className="text-sm">
                    <p className="flex flex-wrap items-baseline gap-x-2">
                      <span className={cx('font-semibold', senderTextClass[message.sender])}>{message.senderName}</span>
                      <span className="text-xs text-muted-foreground">
                        {senderRoleLabels[message.sender]} ·{' '}
                        <time dateTime={message.createdAt.toISOString()}>
                          {formatClock(message.createdAt, timeZone)}
                        </time>
                      </span>
                    </p>
                    <p className="mt-0.5 break-words whitespace-pre-line">{message.content}</p>
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <Section title="Rating">
            {detail.rating ? (
              <div className="flex flex-col gap-2 text-sm">
                <p className="flex items-center gap-2">
                  <Stars rating={detail.rating.rating} />
                  <span className="font-medium">{detail.rating.rating} of 5</span>
                </p>
                {detail.rating.comment ? <blockquote className="italic">“{detail.rating.comment}”</blockquote> : null}
                {detail.rating.tip ? (
                  <TipStatus
                    appointmentId={detail.id}
                    viewerIsClient={detail.viewerRole === 'client'}
                    timeZone={timeZone}
                  />
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">
                {detail.status !== 'completed'
                  ? 'The client can rate the session once it has ended.'
                  : detail.viewerRole === 'client'
                    ? 'You have not rated this session yet.'
                    : 'The client has not rated this session.'}
              </p>
            )}
          </Section>

          <Section title="Participants">
            <Participants detail={detail} timeZone={timeZone} />
          </Section>
        </div>
      </div>

      {canRate ? (
        <RatingDialog
          appointmentId={detail.id}
          coachName={coachName}
          open={ratingOpen}
          onOpenChange={setRatingOpen}
          onRated={() => {
            setRatingOpen(false);
            void queryClient.invalidateQueries({ queryKey: trpc.session.pathKey() });
          }}
        />
      ) : null}
    </div>
  );
}

/** What the session really took (from presence), with the booked length beside it. */
function RealLength({ detail }: { detail: Detail }) {
  const { ranSeconds, togetherSeconds } = meetingLength(detail.participants, new Date());
  if (ranSeconds === null) return <>booked {detail.durationMin} min, nobody came</>;
  return (
    <>
      ran {formatSeconds(ranSeconds)} (booked {detail.durationMin} min)
      {togetherSeconds > 0 ? ` · together ${formatSeconds(togetherSeconds)}` : ' · never both in the room'}
    </>
  );
}

function Participants({ detail, timeZone }: { detail: Detail; timeZone: string }) {
  if (detail.participants.length === 0) {
    return <p className="text-sm text-muted-foreground">Nobody joined this session's room.</p>;
  }
  return (
    <ul className="flex flex-col divide-y divide-border text-sm">
      {detail.participants.map((p) => (
        <li
          key={`${p.identity}-${p.joinedAt.toISOString()}`}
          className="flex flex-col gap-0.5 py-2 first:pt-0 last:pb-0"
        >
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{p.displayName ?? p.identity}</span>
            <Badge>{p.role === 'agent' ? 'AI assistant' : roleLabels[p.role]}</Badge>
          </p>
          <p className="text-muted-foreground">
            {formatClock(p.joinedAt, timeZone)}–{p.leftAt ? formatClock(p.leftAt, timeZone) : 'still in'}
            {p.secondsPresent !== null ? ` · present ${formatSeconds(p.secondsPresent)}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

function DownloadTranscript({ detail, timeZone }: { detail: Detail; timeZone: string }) {
  const download = () => {
    const header = `${sessionTitle(detail)} — ${formatDateTime(detail.scheduledFor, timeZone)}\n\n`;
    const blob = new Blob([header, detail.transcriptText ?? ''], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `transcript-${detail.scheduledFor.toISOString().slice(0, 10)}.txt`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Button variant="outline" size="sm" onClick={download}>
      Download as text
    </Button>
  );
}
