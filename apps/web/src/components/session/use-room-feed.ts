import { skipToken } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTRPC } from '../../trpc';
import { emptyFeed, type FeedEvent, type LiveMessage, reduceFeed } from './room-events';

export type FeedConnection = 'idle' | 'connecting' | 'reconnecting' | 'live' | 'error';

/**
 * A room's live feed once `enabled` (after joining): every event from the start of the
 * session, then new ones as they happen. The browser's EventSource reconnects by itself and
 * resumes after the last event id; replays are ignored by `applyEvent`. `onEvent` sees every
 * event as it arrives (the peer-to-peer call takes its signals from there).
 */
export function useRoomFeed(appointmentId: string, enabled: boolean, onEvent?: (event: FeedEvent) => void) {
  const trpc = useTRPC();
  const [feed, dispatch] = useReducer(reduceFeed, emptyFeed);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const onData = useCallback((event: FeedEvent) => {
    dispatch({ type: 'event', event });
    onEventRef.current?.(event);
  }, []);
  const addSent = useCallback((message: LiveMessage) => dispatch({ type: 'sent', message }), []);
  const subscription = useSubscription(
    trpc.session.events.subscriptionOptions(enabled ? { appointmentId, lastEventId: null } : skipToken, {
      onData,
    }),
  );
  // "Reconnecting" only after having been live once; before that it is the first connection.
  const [wasLive, setWasLive] = useState(false);
  useEffect(() => {
    if (subscription.status === 'pending') setWasLive(true);
  }, [subscription.status]);
  const connection: FeedConnection =
    subscription.status === 'pending'
      ? 'live'
      : subscription.status === 'connecting'
        ? wasLive
          ? 'reconnecting'
          : 'connecting'
        : subscription.status === 'error'
          ? 'error'
          : 'idle';
  return { feed, addSent, connection, error: subscription.error, retry: subscription.reset };
}
