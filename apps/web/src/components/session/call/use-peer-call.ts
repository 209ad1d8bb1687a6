import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../../trpc';
import type { FeedEvent } from '../room-events';
import { type MediaState, PeerCall, type RemotePeer, type SignalEvent } from './peer-call';

export interface PeerCallSetup {
  appointmentId: string;
  me: string;
  iceServers: RTCIceServer[];
  /** Signals up to this event id were sent before this page joined: not for it. */
  signalsAfter: string;
  /** This page's camera and microphone (null until acquired; an empty stream for chat only). */
  local: MediaStream | null;
}

/** A fresh id per page load: a reload is a new peer to the others. */
function newPeerId(): string {
  return crypto.randomUUID();
}

/**
 * The page's side of a peer-to-peer call: starts it once the local media is there, feeds it the
 * room's signal events (`onFeedEvent`), and re-renders when something visible changes.
 */
export function usePeerCall({ appointmentId, me, iceServers, signalsAfter, local }: PeerCallSetup) {
  const trpc = useTRPC();
  const { mutateAsync: send } = useMutation(trpc.session.signal.mutationOptions());
  const [remotes, setRemotes] = useState<RemotePeer[]>([]);
  const [media, setMedia] = useState<MediaState>({ audio: false, video: false, screen: false });
  const [error, setError] = useState<string | null>(null);
  const callRef = useRef<PeerCall | null>(null);
  // Signals that arrive before the call starts (media still being acquired) wait for it.
  const early = useRef<SignalEvent[]>([]);

  useEffect(() => {
    if (!local) return;
    const peerId = newPeerId();
    const call = new PeerCall({
      me,
      peerId,
      iceServers,
      send: (to, signal) => send({ appointmentId, fromPeer: peerId, to, signal }),
      onChange: () => {
        setRemotes(call.remotes);
        setMedia(call.media);
      },
      onError: (err) => setError(err instanceof Error ? err.message : String(err)),
    });
    callRef.current = call;
    call.start(local);
    for (const event of early.current.splice(0)) call.handle(event);
    setMedia(call.media);
    const leave = () => call.close();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      call.close();
      callRef.current = null;
    };
  }, [local, me, iceServers, appointmentId, send]);

  const onFeedEvent = useCallback(
    (event: FeedEvent) => {
      if (event.data.type !== 'signal' || BigInt(event.id) <= BigInt(signalsAfter)) return;
      if (callRef.current) callRef.current.handle(event.data);
      else early.current.push(event.data);
    },
    [signalsAfter],
  );

  return { call: callRef, remotes, media, error, onFeedEvent };
}
