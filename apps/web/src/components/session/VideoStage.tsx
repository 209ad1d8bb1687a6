// Loaded lazily by the room page, so LiveKit and its styles reach only those who use video.
import '@livekit/components-styles';
import {
  ControlBar,
  GridLayout,
  LiveKitRoom,
  ParticipantTile,
  RoomAudioRenderer,
  useTracks,
} from '@livekit/components-react';
import { Track } from 'livekit-client';

export interface VideoStageProps {
  url: string;
  token: string;
  /** False once the session has ended: the page leaves the LiveKit room. */
  connect: boolean;
  onError: (error: Error) => void;
}

/**
 * The video call: everyone's camera (a placeholder for those without one, such as the AI
 * assistant), screen shares, the room's audio and the camera/microphone controls. Chat is the
 * page's own, recorded one, so LiveKit's chat button is left out.
 */
export function VideoStage({ url, token, connect, onError }: VideoStageProps) {
  return (
    <LiveKitRoom
      serverUrl={url}
      token={token}
      connect={connect}
      audio
      video
      onError={onError}
      data-lk-theme="default"
      className="flex h-full min-h-0 flex-col overflow-hidden rounded-2xl"
    >
      <Tiles />
      <RoomAudioRenderer />
      <ControlBar controls={{ chat: false, leave: false, settings: false }} />
    </LiveKitRoom>
  );
}

function Tiles() {
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  return (
    <GridLayout tracks={tracks} className="min-h-0 flex-1">
      <ParticipantTile />
    </GridLayout>
  );
}
