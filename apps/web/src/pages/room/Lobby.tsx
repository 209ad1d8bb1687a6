import { DeviceCheck } from '../../components/session/call/DeviceCheck';
import type { DeviceChoice } from '../../components/session/call/devices';
import { formatClock } from '../../components/session/session-format';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import type { RouterOutputs } from '../../lib/api-types';

type LobbyState = RouterOutputs['session']['lobby'];

const assistantLabels = {
  listening: 'The assistant is listening and taking notes.',
  answering: 'The assistant is listening and taking notes.',
  paused: 'The assistant is paused: it is not listening right now.',
} as const;

/**
 * The waiting room: whether the other person has arrived, what the assistant is doing, and —
 * for a peer-to-peer room — the device check; then "Join the session".
 */
export function Lobby({
  lobby,
  otherName,
  timeZone,
  devices,
  onDevices,
  onJoin,
  joining,
}: {
  lobby: LobbyState;
  otherName: string;
  timeZone: string;
  devices: DeviceChoice;
  onDevices: (next: DeviceChoice) => void;
  onJoin: () => void;
  joining: boolean;
}) {
  const arrived = lobby.present.filter((p) => p.role !== 'agent');
  const assistant =
    lobby.assistant.mode === 'off'
      ? 'The assistant is off: it transcribes and never speaks.'
      : lobby.assistant.state
        ? assistantLabels[lobby.assistant.state]
        : 'The assistant joins when the session starts.';
  const joinLabel = devices.audio || devices.video ? 'Join the session' : 'Join the session by chat';
  return (
    <div className="mx-auto grid max-w-5xl grid-cols-1 gap-6 py-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="order-2 lg:order-1">
        {lobby.media === 'p2p' ? (
          <DeviceCheck choice={devices} onChange={onDevices} />
        ) : (
          <p className="text-sm text-muted-foreground">Your browser asks for the camera and microphone as you join.</p>
        )}
      </div>
      <aside aria-label="Waiting room" className="order-1 flex flex-col gap-4 lg:order-2">
        <h1 className="text-2xl font-semibold tracking-tight">Ready to join?</h1>
        <div role="status" aria-live="polite" className="flex flex-col gap-2 text-sm">
          {arrived.length > 0 ? (
            arrived.map((p) => (
              <p key={p.identity} className="flex flex-wrap items-center gap-2">
                <Badge tone="success">In the room</Badge>
                {p.name ?? otherName} has been here since {formatClock(p.since, timeZone)}.
              </p>
            ))
          ) : (
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone="neutral">Not here yet</Badge>
              {otherName} has not arrived yet.
            </p>
          )}
          <p className="text-muted-foreground">{assistant}</p>
        </div>
        <Button size="lg" onClick={onJoin} disabled={joining}>
          {joining ? 'Joining…' : joinLabel}
        </Button>
      </aside>
    </div>
  );
}
