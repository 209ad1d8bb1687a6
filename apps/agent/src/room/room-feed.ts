import type { ApiClient } from '@hybridcoach/api/client';
import type { AssistantMode } from '@hybridcoach/api/wire';
import type { Logger } from '@hybridcoach/config';

export interface RoomFeedEvents {
  onMode(mode: AssistantMode): void;
  /** Someone pressed "Ask the assistant" at `at`. */
  onAsked(identity: string, at: Date): void;
}

/**
 * The room's live feed as the agent needs it (agent.roomEvents, server-sent events): the coach
 * changing the assistant's mode, and "Ask the assistant". It resumes after the last event seen
 * when the connection drops; replayed history brings the mode up to date.
 */
export function followRoomFeed(
  api: ApiClient,
  room: { appointmentId: string; agentId: string; epoch: number },
  events: RoomFeedEvents,
  logger: Logger,
) {
  const subscription = api.agent.roomEvents.subscribe(
    { ...room, lastEventId: null },
    {
      onData: ({ data }) => {
        if (data.type === 'assistant_mode') events.onMode(data.mode);
        else if (data.type === 'assistant_asked') events.onAsked(data.identity, data.at);
      },
      onError: (err) => logger.warn({ err: err.message }, 'the room feed failed; asks and mode changes may be missed'),
    },
  );
  return { stop: () => subscription.unsubscribe() };
}
