import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { useNow } from '../../components/scheduling/use-time-zone';
import { ConsentPanel } from '../../components/session/ConsentPanel';
import { saveDevices, savedDevices } from '../../components/session/call/devices';
import { opensAtFrom, untilOpening } from '../../components/session/session-format';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { LiveRoom } from './LiveRoom';
import { Lobby } from './Lobby';

const route = getRouteApi('/signed-in/room/$appointmentId');

/** How far ahead a refused join still waits for the room to open by itself (a timer's limit is ~24 days). */
const AUTO_RETRY_LIMIT_MS = 24 * 60 * 60_000;

/**
 * The session room: first the transcription notice when the viewer has not agreed to it yet, then
 * the waiting room (who is there, the assistant, the device check), then the live room once the
 * person joins (which opens the meeting record and asks for the AI assistant unless the client
 * turned it off) — or why it cannot be entered yet.
 */
export function RoomPage() {
  const { appointmentId } = route.useParams();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const queryClient = useQueryClient();
  const appointment = useQuery(trpc.scheduling.appointment.queryOptions({ appointmentId }));
  const privacy = useQuery(trpc.privacy.room.queryOptions({ appointmentId }));
  // "I agree — join the session" joins straight away (with the devices chosen last time).
  const [joinOnConsent, setJoinOnConsent] = useState(false);
  const decided = () => {
    setJoinOnConsent(true);
    void queryClient.invalidateQueries({ queryKey: trpc.privacy.room.queryKey({ appointmentId }) });
  };
  const join = useMutation(trpc.session.join.mutationOptions());
  const inLobby = !join.isSuccess && !join.isError;
  const lobby = useQuery(
    trpc.session.lobby.queryOptions({ appointmentId }, { refetchInterval: inLobby ? 3000 : false, staleTime: 0 }),
  );
  const [devices, setDevices] = useState(savedDevices);
  const { mutate } = join;
  const onJoin = useCallback(() => {
    saveDevices(devices);
    mutate({ appointmentId });
  }, [mutate, appointmentId, devices]);
  const retry = useCallback(() => mutate({ appointmentId }), [mutate, appointmentId]);
  const consented = privacy.data !== undefined && !privacy.data.consentNeeded;
  useEffect(() => {
    if (joinOnConsent && consented && join.isIdle) onJoin();
  }, [joinOnConsent, consented, join.isIdle, onJoin]);
  const timeZone = viewer?.timezone ?? 'UTC';
  const role = appointment.data && viewer ? (appointment.data.client.id === viewer.id ? 'client' : 'staff') : null;
  const otherName =
    role === 'client'
      ? appointment.data?.coach.coachName || appointment.data?.coach.displayName
      : appointment.data?.client.displayName;

  const content = () => {
    if (privacy.data?.consentNeeded && viewer)
      return (
        <ConsentPanel
          appointmentId={appointmentId}
          privacy={privacy.data}
          isClient={appointment.data?.client.id === viewer.id}
          onDecided={decided}
        />
      );
    if (join.isSuccess && viewer)
      return (
        <LiveRoom
          appointmentId={appointmentId}
          joined={join.data}
          appointment={appointment.data ?? null}
          privacy={privacy.data ?? null}
          timeZone={timeZone}
          viewerId={viewer.id}
          devices={devices}
        />
      );
    if (join.isError)
      return (
        <JoinRefused
          appointmentId={appointmentId}
          error={join.error}
          timeZone={timeZone}
          onRetry={retry}
          retrying={join.isPending}
        />
      );
    if (lobby.isError)
      return (
        <JoinRefused
          appointmentId={appointmentId}
          error={lobby.error}
          timeZone={timeZone}
          onRetry={() => void lobby.refetch()}
          retrying={lobby.isFetching}
        />
      );
    if (!lobby.data) return <LoadingState label="Opening the session room…" className="py-24" />;
    const state = lobby.data;
    if (state.status === 'cancelled')
      return <CannotJoin error={new Error('This session was cancelled; it cannot be joined.')} />;
    if (state.status === 'completed' || Date.now() >= state.endsAt.getTime())
      return <RoomEnded appointmentId={appointmentId} message="This session is over." />;
    if (Date.now() < state.opensAt.getTime())
      return (
        <RoomNotOpen
          opensAt={state.opensAt}
          timeZone={timeZone}
          onRetry={() => void lobby.refetch()}
          retrying={lobby.isFetching}
        />
      );
    return (
      <Lobby
        lobby={state}
        otherName={otherName ?? 'The other person'}
        timeZone={timeZone}
        devices={devices}
        onDevices={setDevices}
        onJoin={onJoin}
        joining={join.isPending}
      />
    );
  };
  return (
    <div className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6">
      <title>Session room · HybridCoach</title>
      {content()}
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
  const message = errorMessage(error);
  const opensAt = code === 'FORBIDDEN' ? opensAtFrom(message) : null;
  const ended = /completed|over/i.test(message) && (code === 'FORBIDDEN' || code === 'BAD_REQUEST');

  if (opensAt) return <RoomNotOpen opensAt={opensAt} timeZone={timeZone} onRetry={onRetry} retrying={retrying} />;
  if (ended) return <RoomEnded appointmentId={appointmentId} message={message} />;
  return <CannotJoin error={error} onRetry={code === 'NOT_FOUND' ? undefined : onRetry} />;
}

/** Why this person cannot enter; "Try again" only where trying again can help. */
function CannotJoin({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="mx-auto max-w-xl py-10">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">Session room</h1>
      <ErrorState error={error} title="You cannot join this session" onRetry={onRetry} />
    </div>
  );
}

/** Too early: when the room opens, and a page that lets the person in by itself then. */
function RoomNotOpen({
  opensAt,
  timeZone,
  onRetry,
  retrying,
}: {
  opensAt: Date;
  timeZone: string;
  onRetry: () => void;
  retrying: boolean;
}) {
  // Ticks every second so that "in 37 seconds" counts down instead of standing still.
  const now = useNow(1000);
  // Waiting for the room to open: try again by itself at the opening time.
  const opensAtMs = opensAt.getTime();
  useEffect(() => {
    const wait = opensAtMs - Date.now() + 1000;
    if (wait > AUTO_RETRY_LIMIT_MS) return;
    const timer = setTimeout(onRetry, Math.max(wait, 1000));
    return () => clearTimeout(timer);
  }, [opensAtMs, onRetry]);
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

/** Over (or cancelled): where its record is kept. */
function RoomEnded({ appointmentId, message }: { appointmentId: string; message: string }) {
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
