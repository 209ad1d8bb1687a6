import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useRef } from 'react';
import { useViewer } from '../../auth/viewer';
import { useNow } from '../../components/scheduling/use-time-zone';
import { ConsentPanel } from '../../components/session/ConsentPanel';
import { opensAtFrom, untilOpening } from '../../components/session/session-format';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { LiveRoom } from './LiveRoom';

const route = getRouteApi('/signed-in/room/$appointmentId');

/** How far ahead a refused join still waits for the room to open by itself (a timer's limit is ~24 days). */
const AUTO_RETRY_LIMIT_MS = 24 * 60 * 60_000;

/**
 * The session room: first the transcription notice when the viewer has not agreed to it yet,
 * then joins as soon as it opens (which opens the meeting record and asks for the AI assistant
 * unless the client turned it off), then shows the live room — or why it cannot be entered yet.
 */
export function RoomPage() {
  const { appointmentId } = route.useParams();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const queryClient = useQueryClient();
  const appointment = useQuery(trpc.scheduling.appointment.queryOptions({ appointmentId }));
  const privacy = useQuery(trpc.privacy.room.queryOptions({ appointmentId }));
  const join = useMutation(trpc.session.join.mutationOptions());
  const { mutate } = join;
  const joinedFor = useRef<string | null>(null);
  // Join once per appointment once the notice is settled (StrictMode runs effects twice; joining
  // is idempotent anyway). A privacy answer that failed lets the join say why the room is closed.
  const mayJoin = privacy.isError || (privacy.data !== undefined && !privacy.data.consentNeeded);

  useEffect(() => {
    if (!mayJoin || joinedFor.current === appointmentId) return;
    joinedFor.current = appointmentId;
    mutate({ appointmentId });
  }, [appointmentId, mutate, mayJoin]);
  const decided = () => void queryClient.invalidateQueries({ queryKey: trpc.privacy.room.queryKey({ appointmentId }) });

  const retry = useCallback(() => mutate({ appointmentId }), [mutate, appointmentId]);
  const timeZone = viewer?.timezone ?? 'UTC';
  return (
    <div className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6">
      <title>Session room · HybridCoach</title>
      {privacy.data?.consentNeeded && viewer ? (
        <ConsentPanel
          appointmentId={appointmentId}
          privacy={privacy.data}
          isClient={appointment.data?.client.id === viewer.id}
          onDecided={decided}
        />
      ) : join.isSuccess && viewer ? (
        <LiveRoom
          appointmentId={appointmentId}
          joined={join.data}
          appointment={appointment.data ?? null}
          privacy={privacy.data ?? null}
          timeZone={timeZone}
          viewerId={viewer.id}
        />
      ) : join.isError ? (
        <JoinRefused
          appointmentId={appointmentId}
          error={join.error}
          timeZone={timeZone}
          onRetry={retry}
          retrying={join.isPending}
        />
      ) : (
        <LoadingState label="Joining the session room…" className="py-24" />
      )}
    </div>
  );
}

function JoinRefused({
  appointmentId,
  error,
  timeZone,
  onRetry,
  retrying,
}: {
  appointmentId: string;
  error: unknown;
  timeZone: string;
  onRetry: () => void;
  retrying: boolean;
}) {
  const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
  // Ticks every second so that "in 37 seconds" counts down instead of standing still.
  const now = useNow(1000);
  const message = errorMessage(error);
  const opensAt = code === 'FORBIDDEN' ? opensAtFrom(message) : null;
  const ended = /completed|over/i.test(message) && (code === 'FORBIDDEN' || code === 'BAD_REQUEST');

  // Waiting for the room to open: try again by itself at the opening time.
  const opensAtMs = opensAt?.getTime() ?? null;
  useEffect(() => {
    if (opensAtMs === null) return;
    const wait = opensAtMs - Date.now() + 1000;
    if (wait > AUTO_RETRY_LIMIT_MS) return;
    const timer = setTimeout(onRetry, Math.max(wait, 1000));
    return () => clearTimeout(timer);
  }, [opensAtMs, onRetry]);

  if (opensAt) {
    return (
      <div className="mx-auto max-w-xl py-10">
        <h1 className="text-2xl font-semibold tracking-tight">The room is not open yet</h1>
        <Alert
          tone="info"
          className="mt-6"
          role="status"
          title={`The room opens at ${formatDateTime(opensAt, timeZone)}`}
        >
          That is {untilOpening(opensAt, now)}.{' '}
          {opensAt.getTime() - Date.now() <= AUTO_RETRY_LIMIT_MS
            ? 'Keep this page open: it lets you in by itself then.'
            : 'Come back a few minutes before your session starts.'}
        </Alert>
        <div className="mt-6 flex flex-wrap gap-3">
          <Button variant="outline" onClick={onRetry} disabled={retrying}>
            {retrying ? 'Checking…' : 'Try again'}
          </Button>
          <Button asChild variant="ghost">
            <Link to="/dashboard">Back to the dashboard</Link>
          </Button>
        </div>
      </div>
    );
  }
  if (ended) {
    return (
      <div className="mx-auto max-w-xl py-10">
        <h1 className="text-2xl font-semibold tracking-tight">This session has ended</h1>
        <Alert tone="info" className="mt-6" title={message}>
          Its transcript, chat and summary are kept in the session record.
        </Alert>
        <div className="mt-6 flex flex-wrap gap-3">
          <Button asChild>
            <Link to="/sessions/$appointmentId" params={{ appointmentId }}>
              See the session record
            </Link>
          </Button>
          <Button asChild variant="ghost">
            <Link to="/sessions">All sessions</Link>
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl py-10">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Session room</h1>
      <ErrorState
        error={error}
        title="You cannot join this session"
        onRetry={code === 'NOT_FOUND' ? undefined : onRetry}
      />
    </div>
  );
}
