import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { roleLabels } from '../../auth/viewer';
import { AssistantPanel } from '../../components/session/AssistantPanel';
import { ChatPanel } from '../../components/session/ChatPanel';
import type { DeviceChoice } from '../../components/session/call/devices';
import { EndSessionDialog } from '../../components/session/EndSessionDialog';
import { PresenceStrip } from '../../components/session/PresenceStrip';
import { PrivacyBar } from '../../components/session/PrivacyBar';
import { RatingDialog, type RatingResult } from '../../components/session/RatingDialog';
import { type FeedEvent, liveCaptions } from '../../components/session/room-events';
import { SessionTimer, SessionWarnings } from '../../components/session/SessionTimer';
import { formatTip } from '../../components/session/session-format';
import { TranscriptPanel } from '../../components/session/TranscriptPanel';
import { useRoomFeed } from '../../components/session/use-room-feed';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { LoadingState } from '../../components/ui/LoadingState';
import type { RouterOutputs } from '../../lib/api-types';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';

// LiveKit is heavy; only a room with video loads it.
const VideoStage = lazy(() =>
  import('../../components/session/VideoStage').then((module) => ({ default: module.VideoStage })),
);
// The peer-to-peer call, only for those who join with a camera or microphone.
const PeerStage = lazy(() =>
  import('../../components/session/call/PeerStage').then((module) => ({ default: module.PeerStage })),
);

type Joined = RouterOutputs['session']['join'];
type Appointment = RouterOutputs['scheduling']['appointment'];
type RoomPrivacy = RouterOutputs['privacy']['room'];

export const TEXT_ROOM_NOTE = 'You joined by chat only — everything is still recorded.';

export interface LiveRoomProps {
  appointmentId: string;
  joined: Joined;
  appointment: Appointment | null;
  /** What the page asked before joining; the live feed's privacy events take over from it. */
  privacy: RoomPrivacy | null;
  timeZone: string;
  viewerId: string;
  /** What the person chose in the device check (peer-to-peer rooms). */
  devices: DeviceChoice;
}

/**
 * The room once joined: video (when configured), timer, the AI assistant, live transcript with
 * captions, chat, end and rating.
 */
export function LiveRoom({ appointmentId, joined, appointment, privacy, timeZone, viewerId, devices }: LiveRoomProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const feedSink = useRef<((event: FeedEvent) => void) | null>(null);
  const {
    feed,
    addSent,
    connection,
    error: feedError,
    retry,
  } = useRoomFeed(appointmentId, true, (event) => feedSink.current?.(event));
  const leave = useMutation(trpc.session.leave.mutationOptions());
  const onLeave = () => leave.mutate({ appointmentId }, { onSettled: () => void navigate({ to: '/dashboard' }) });
  const [endedHere, setEndedHere] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [videoError, setVideoError] = useState<string | null>(null);
  const ended = feed.status === 'completed' || endedHere;
  // Ending removes the controls that may hold focus (End session, its dialog), whether this
  // page ended it or the news came first over the feed: focus goes to the heading, not nowhere.
  useEffect(() => {
    if (ended && (!document.activeElement || document.activeElement === document.body)) heading.current?.focus();
  }, [ended]);
  // The agent joins LiveKit rooms, never this page; a person is a client, a coach or an admin.
  const role = joined.role === 'agent' ? 'admin' : joined.role;

  const coachName = appointment ? appointment.coach.coachName || appointment.coach.displayName : null;
  const clientName = appointment?.client.displayName ?? null;
  const title =
    role === 'client'
      ? coachName
        ? `Session with ${coachName}`
        : 'Your session'
      : role === 'coach'
        ? clientName
          ? `Session with ${clientName}`
          : 'Your session'
        : coachName && clientName
          ? `${coachName} with ${clientName}`
          : 'Session';

  // After the end: the client is asked for a rating, unless they gave one already.
  const record = useQuery(
    trpc.session.detail.queryOptions({ appointmentId }, { enabled: ended && role === 'client', staleTime: 0 }),
  );
  const [ratingOpen, setRatingOpen] = useState(false);
  const [asked, setAsked] = useState(false);
  const [rated, setRated] = useState<RatingResult | null>(null);
  const alreadyRated = record.data?.rating ?? null;
  useEffect(() => {
    if (asked || !record.data || record.data.rating || record.data.status !== 'completed') return;
    setAsked(true);
    setRatingOpen(true);
  }, [asked, record.data]);

  const onRated = (result: RatingResult) => {
    setRated(result);
    setRatingOpen(false);
    void queryClient.invalidateQueries({ queryKey: trpc.session.pathKey() });
  };

  const mode: 'livekit' | 'p2p' | 'text' = joined.livekit
    ? 'livekit'
    : joined.p2p && (devices.audio || devices.video)
      ? 'p2p'
      : 'text';
  const nameOf = (identity: string) =>
    identity === appointment?.client.id
      ? appointment.client.displayName
      : identity === appointment?.coach.id
        ? (coachName ?? 'Your coach')
        : (feed.presence[identity]?.name ?? 'Someone');
  const otherName = (role === 'client' ? coachName : clientName) ?? 'the other person';

  const present = Object.values(feed.presence).filter((p) => p.joined);
  const captions = liveCaptions(feed);
  const latestCaption = captions.at(-1) ?? null;
  // Text only: the chat takes the page; the transcript stands beside it once there is one.
  const wide = mode !== 'text' || feed.transcript.length > 0 || captions.length > 0;
  const people = [
    ...(appointment
      ? [
          { identity: appointment.coach.id, name: coachName ?? 'Coach', role: 'coach' },
          { identity: appointment.client.id, name: appointment.client.displayName, role: 'client' },
        ]
      : []),
    ...present
      .filter((p) => p.identity !== appointment?.coach.id && p.identity !== appointment?.client.id)
      .filter((p) => p.role !== 'agent')
      .map((p) => ({ identity: p.identity, name: p.name, role: p.role })),
  ];

  const transcript = (
    <TranscriptPanel
      segments={feed.transcript}
      captions={captions}
      timeZone={timeZone}
      heightClassName={mode !== 'text' ? 'h-48 lg:h-64' : 'h-72 lg:h-[calc(100dvh-18rem)]'}
    />
  );
  const chat = (
    <ChatPanel
      appointmentId={appointmentId}
      messages={feed.chat}
      me={role}
      timeZone={timeZone}
      closedReason={ended ? 'The session has ended; chat is closed.' : null}
      onSent={addSent}
      heightClassName={mode !== 'text' ? 'h-32 lg:h-72' : 'h-[calc(100dvh-32rem)] min-h-40 lg:h-[calc(100dvh-18rem)]'}
    />
  );

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-col gap-4 lg:flex-row lg:items-center lg:justify-between">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <Badge tone={ended ? 'neutral' : 'success'}>{ended ? 'Ended' : 'Live'}</Badge>
            You are the {roleLabels[role].toLowerCase()}
          </p>
          {/* Focus lands here when the coach ends the session: their button is gone by then. */}
          <h1
            ref={heading}
            tabIndex={-1}
            className="mt-1 truncate text-2xl font-semibold tracking-tight focus:outline-none sm:text-3xl"
          >
            {title}
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <SessionTimer
            startsAt={joined.startsAt}
            endsAt={joined.endsAt}
            timeZone={timeZone}
            ended={ended}
            className="mr-auto lg:mr-0"
          />
          {!ended && role !== 'client' ? (
            <EndSessionDialog
              appointmentId={appointmentId}
              clientName={clientName}
              onEnded={() => setEndedHere(true)}
            />
          ) : null}
          <Button asChild variant="outline">
            {ended ? (
              <Link to="/sessions/$appointmentId" params={{ appointmentId }}>
                Session record
              </Link>
            ) : (
              <button type="button" onClick={onLeave} disabled={leave.isPending}>
                Leave room
              </button>
            )}
          </Button>
        </div>
      </header>

      {/* On a phone the call and the chat come first; the privacy controls follow them. */}
      <div className="order-1 lg:order-none">
        <PrivacyBar
          appointmentId={appointmentId}
          state={
            feed.privacy ?? {
              transcription: privacy?.transcription ?? 'on',
              assistant: privacy && !privacy.assistant.on ? 'off' : 'on',
              by: null,
              at: joined.startsAt,
            }
          }
          isClient={role === 'client'}
          ended={ended}
        />
      </div>

      {ended ? null : (
        <PresenceStrip
          people={people}
          presence={feed.presence}
          me={viewerId}
          assistant={feed.assistant}
          mode={feed.assistant.mode ?? joined.assistantMode}
        />
      )}

      <SessionWarnings warnings={ended ? [] : feed.warnings} />

      <div aria-live="polite" className="empty:hidden">
        {ended ? (
          <Alert tone="success" title="This session has ended">
            The transcript and chat are saved in the{' '}
            <Link
              to="/sessions/$appointmentId"
              params={{ appointmentId }}
              className="font-medium underline underline-offset-2 hover:no-underline"
            >
              session record
            </Link>
            .
            {rated
              ? ` Thank you for rating it ${rated.rating} of 5${rated.tip ? ` with a ${formatTip(rated.tip)} tip (pending)` : ''}.`
              : alreadyRated
                ? ` You rated it ${alreadyRated.rating} of 5.`
                : null}
          </Alert>
        ) : null}
      </div>
      {ended && role === 'client' && !rated && record.data && !record.data.rating ? (
        <div>
          <Button onClick={() => setRatingOpen(true)}>Rate this session</Button>
        </div>
      ) : null}

      {connection === 'reconnecting' && !ended ? (
        <p role="status" className="text-sm text-muted-foreground">
          Reconnecting to the live feed… Messages sent meanwhile will appear when it is back.
        </p>
      ) : null}
      {connection === 'error' ? (
        <Alert tone="danger" role="alert" title="The live feed stopped">
          {errorMessage(feedError)}{' '}
          <button type="button" className="font-medium underline underline-offset-2 hover:no-underline" onClick={retry}>
            Reconnect
          </button>
        </Alert>
      ) : null}

      {mode === 'text' && !ended ? <p className="text-sm text-muted-foreground">{TEXT_ROOM_NOTE}</p> : null}

      {/* Phone: the call (or the chat), then the chat, then the rest. Desktop: the call beside them. */}
      <div
        className={cx(
          'flex flex-col gap-4 lg:grid lg:items-start',
          wide ? 'lg:grid-cols-[minmax(0,1fr)_24rem]' : 'lg:grid-cols-1',
        )}
      >
        <div className="min-w-0 lg:col-start-1 lg:row-start-1">
          {mode === 'text' ? (
            chat
          ) : (
            <div className="relative flex h-[28dvh] min-h-48 flex-col gap-2 sm:h-[50dvh] lg:h-[calc(100dvh-14rem)]">
              {videoError ? (
                <Alert tone="danger" role="alert" title="Video could not connect">
                  <p>
                    The video service did not answer ({videoError}). The transcript and chat still work.{' '}
                    {/* A fresh join mints a fresh token, too. */}
                    <button
                      type="button"
                      className="font-medium underline underline-offset-2 hover:no-underline"
                      onClick={() => window.location.reload()}
                    >
                      Reload the room
                    </button>
                  </p>
                </Alert>
              ) : null}
              {ended ? (
                <div className="flex flex-1 items-center justify-center rounded-2xl border border-dashed border-border text-sm text-muted-foreground">
                  The call has ended.
                </div>
              ) : (
                <Suspense fallback={<LoadingState label="Loading video…" className="flex-1" />}>
                  {joined.livekit ? (
                    <VideoStage
                      url={joined.livekit.url}
                      token={joined.livekit.token}
                      connect={!ended}
                      onError={(error) => setVideoError(error.message)}
                    />
                  ) : joined.p2p ? (
                    <PeerStage
                      appointmentId={appointmentId}
                      me={viewerId}
                      iceServers={joined.p2p.iceServers}
                      signalsAfter={joined.p2p.signalsAfter}
                      devices={devices}
                      feedSink={feedSink}
                      nameOf={nameOf}
                      waitingFor={otherName}
                      present={present.map((p) => p.identity)}
                    />
                  ) : null}
                </Suspense>
              )}
              {latestCaption && !ended ? (
                <p
                  aria-hidden
                  className="pointer-events-none absolute inset-x-4 bottom-16 mx-auto w-fit max-w-[90%] rounded-md bg-black/70 px-3 py-1.5 text-center text-sm text-white"
                >
                  <span className="font-medium">{nameOf(latestCaption.identity)}:</span> {latestCaption.text}
                </p>
              ) : null}
            </div>
          )}
        </div>
        {wide ? (
          <div className="flex min-w-0 flex-col gap-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">
            {mode === 'text' ? (
              transcript
            ) : (
              <>
                <div className="order-2 lg:order-1">{transcript}</div>
                <div className="order-1 lg:order-2">{chat}</div>
              </>
            )}
          </div>
        ) : null}
        <div className="min-w-0 lg:col-start-1 lg:row-start-2">
          <AssistantPanel
            appointmentId={appointmentId}
            assistant={feed.assistant}
            initialMode={joined.assistantMode}
            me={viewerId}
            canSetMode={role !== 'client'}
            ended={ended}
          />
        </div>
      </div>

      {role === 'client' ? (
        <RatingDialog
          appointmentId={appointmentId}
          coachName={coachName ?? 'your coach'}
          open={ratingOpen}
          onOpenChange={setRatingOpen}
          onRated={onRated}
        />
      ) : null}
    </div>
  );
}
