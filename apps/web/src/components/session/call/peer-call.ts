/**
 * A peer-to-peer call between the room's pages (rooms without LiveKit). Signals travel through
 * the room's live feed (`session.signal` out, `signal` events in): a page says `hello` with a new
 * peer id at every load, the page with the greater id offers and the other answers (one
 * offer/answer per link, so no glare), ICE candidates follow. Mute, camera off, screen share and
 * device changes swap or disable tracks on the existing senders — no renegotiation — and are
 * announced with `media`. A link that fails or stays disconnected is restarted (ICE restart) by
 * its offerer; a reloaded page is a new peer that replaces the old link.
 */
import type { SessionEvent } from '../room-events';

export type SignalEvent = Extract<SessionEvent, { type: 'signal' }>;
export type PeerSignal = SignalEvent['signal'];
export type MediaState = Extract<PeerSignal, { kind: 'media' }>['media'];

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface RemotePeer {
  identity: string;
  peerId: string;
  stream: MediaStream;
  media: MediaState;
  state: LinkState;
}

interface Link extends RemotePeer {
  pc: RTCPeerConnection;
  offerer: boolean;
  pending: RTCIceCandidateInit[];
  disconnectedTimer: ReturnType<typeof setTimeout> | null;
}

export interface PeerCallOptions {
  me: string;
  peerId: string;
  iceServers: RTCIceServer[];
  /** Sends one signal through the server; `to` null: to everyone in the room. */
  send(to: string | null, signal: PeerSignal): Promise<unknown>;
  /** Something a page shows changed (a remote stream, a state, a mute). */
  onChange(): void;
  onError?(error: unknown): void;
}

const NO_MEDIA: MediaState = { audio: false, video: false, screen: false };

/** How long a link may stay "disconnected" before its offerer restarts ICE. */
const DISCONNECTED_RESTART_MS = 3000;

export class PeerCall {
  private readonly links = new Map<string, Link>();
  private local: MediaStream = new MediaStream();
  private closed = false;
  /** Signals go out one after another: the other page must see a hello before its offer. */
  private sending: Promise<unknown> = Promise.resolve();
  media: MediaState = NO_MEDIA;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;

  constructor(private readonly options: PeerCallOptions) {}

  get remotes(): RemotePeer[] {
    return [...this.links.values()].map(({ identity, peerId, stream, media, state }) => ({
      identity,
      peerId,
      stream,
      media,
      state,
    }));
  }

  /** Joins the call with these tracks (either may be missing: chat-only or no camera). */
  start(local: MediaStream): void {
    this.local = local;
    this.camera = local.getVideoTracks()[0] ?? null;
    this.media = { audio: local.getAudioTracks().length > 0, video: this.camera !== null, screen: false };
    this.signal(null, { kind: 'hello', media: this.media });
  }

  get localStream(): MediaStream {
    return this.local;
  }

  /** One signal from the feed; signals of this page, of other pages of the same person, or for other pages are skipped. */
  handle(event: SignalEvent): void {
    if (this.closed || event.from === this.options.me) return;
    if (event.to !== null && event.to !== this.options.peerId) return;
    const { signal } = event;
    const link = this.links.get(event.from);
    const current = link?.peerId === event.fromPeer ? link : null;
    switch (signal.kind) {
      case 'hello': {
        if (current) {
          current.media = signal.media;
          break;
        }
        const fresh = this.connect(event.from, event.fromPeer, signal.media);
        // An announcement to everyone gets an answer addressed to its page, so it learns ours.
        if (event.to === null) this.signal(event.fromPeer, { kind: 'hello', media: this.media });
        if (fresh.offerer) void this.offer(fresh, false);
        break;
      }
      case 'description': {
        // An offer from a page whose hello we missed (it came before our join) starts the link.
        const target =
          current ?? (signal.description.type === 'offer' ? this.connect(event.from, event.fromPeer, NO_MEDIA) : null);
        if (target) void this.describe(target, signal.description);
        break;
      }
      case 'candidate':
        if (current) void this.candidate(current, signal.candidate);
        break;
      case 'media':
        if (current) current.media = signal.media;
        break;
      case 'bye':
        if (current) this.drop(current);
        break;
    }
    this.options.onChange();
  }

  private connect(identity: string, peerId: string, media: MediaState): Link {
    const old = this.links.get(identity);
    if (old) this.drop(old);
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
    const link: Link = {
      identity,
      peerId,
      pc,
      stream: new MediaStream(),
      media,
      state: 'connecting',
      offerer: this.options.peerId > peerId,
      pending: [],
      disconnectedTimer: null,
    };
    this.links.set(identity, link);
    if (link.offerer) {
      // The offerer opens one audio and one video line; the answerer sends on the same lines.
      pc.addTransceiver(this.audioTrack() ?? 'audio', { direction: 'sendrecv', streams: [this.local] });
      pc.addTransceiver(this.videoTrack() ?? 'video', { direction: 'sendrecv', streams: [this.local] });
    }
    pc.ontrack = (e) => {
      if (!link.stream.getTracks().includes(e.track)) link.stream.addTrack(e.track);
      this.options.onChange();
    };
    pc.onicecandidate = (e) => {
      if (e.candidate) this.signal(peerId, { kind: 'candidate', candidate: candidateOf(e.candidate) });
    };
    pc.onconnectionstatechange = () => this.onState(link);
    return link;
  }

  private onState(link: Link): void {
    if (this.links.get(link.identity) !== link) return;
    const state = link.pc.connectionState;
    if (link.disconnectedTimer) clearTimeout(link.disconnectedTimer);
    link.disconnectedTimer = null;
    if (state === 'connected') link.state = 'connected';
    else if (state === 'disconnected') {
      link.state = 'reconnecting';
      link.disconnectedTimer = setTimeout(() => {
        if (link.pc.connectionState === 'disconnected' && link.offerer) void this.offer(link, true);
      }, DISCONNECTED_RESTART_MS);
    } else if (state === 'failed') {
      link.state = link.offerer ? 'reconnecting' : 'failed';
      if (link.offerer) void this.offer(link, true);
    }
    this.options.onChange();
  }

  private async offer(link: Link, iceRestart: boolean): Promise<void> {
    try {
      const offer = await link.pc.createOffer({ iceRestart });
      if (this.links.get(link.identity) !== link) return;
      await link.pc.setLocalDescription(offer);
      this.signal(link.peerId, { kind: 'description', description: { type: 'offer', sdp: offer.sdp ?? '' } });
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private async describe(link: Link, description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    const { pc } = link;
    try {
      if (description.type === 'answer') {
        if (pc.signalingState !== 'have-local-offer') return;
        await pc.setRemoteDescription(description);
      } else {
        await pc.setRemoteDescription(description);
        // Send on the lines the offer opened.
        for (const transceiver of pc.getTransceivers()) {
          const kind = transceiver.receiver.track.kind;
          const track = kind === 'audio' ? this.audioTrack() : this.videoTrack();
          if (track && transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
          transceiver.sender.setStreams(this.local);
          transceiver.direction = 'sendrecv';
        }
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.signal(link.peerId, { kind: 'description', description: { type: 'answer', sdp: answer.sdp ?? '' } });
      }
      for (const candidate of link.pending.splice(0)) await pc.addIceCandidate(candidate);
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private async candidate(link: Link, candidate: RTCIceCandidateInit): Promise<void> {
    if (!link.pc.remoteDescription) {
      link.pending.push(candidate);
      return;
    }
    await link.pc.addIceCandidate(candidate).catch((err: unknown) => this.options.onError?.(err));
  }

  private drop(link: Link): void {
    if (link.disconnectedTimer) clearTimeout(link.disconnectedTimer);
    link.pc.close();
    for (const track of link.stream.getTracks()) track.stop();
    if (this.links.get(link.identity) === link) this.links.delete(link.identity);
  }

  private audioTrack(): MediaStreamTrack | null {
    return this.local.getAudioTracks()[0] ?? null;
  }

  /** What goes out on the video line: the screen while it is shared, else the camera. */
  private videoTrack(): MediaStreamTrack | null {
    return this.screen ?? this.camera;
  }

  private signal(to: string | null, signal: PeerSignal): void {
    if (this.closed && signal.kind !== 'bye') return;
    this.sending = this.sending
      .then(() => this.options.send(to, signal))
      .catch((err: unknown) => this.options.onError?.(err));
  }

  private announce(): void {
    this.signal(null, { kind: 'media', media: this.media });
    this.options.onChange();
  }

  /** Microphone on or off for everyone (the track stays, so unmuting needs no permission). */
  setAudio(on: boolean): void {
    for (const track of this.local.getAudioTracks()) track.enabled = on;
    this.media = { ...this.media, audio: on && this.local.getAudioTracks().length > 0 };
    this.announce();
  }

  setVideo(on: boolean): void {
    if (this.camera) this.camera.enabled = on;
    this.media = { ...this.media, video: on && this.camera !== null };
    this.announce();
  }

  /** Shares `track` (from getDisplayMedia) in place of the camera until it ends or is stopped. */
  async shareScreen(track: MediaStreamTrack): Promise<void> {
    this.screen = track;
    track.addEventListener('ended', () => void this.stopScreen());
    await this.replaceVideo();
    this.media = { ...this.media, screen: true };
    this.announce();
  }

  async stopScreen(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    await this.replaceVideo();
    this.media = { ...this.media, screen: false };
    this.announce();
  }

  /** Another microphone or camera: the new track replaces the old one on every link. */
  async useTrack(track: MediaStreamTrack): Promise<void> {
    const old = track.kind === 'audio' ? this.audioTrack() : this.camera;
    if (old) {
      track.enabled = old.enabled;
      this.local.removeTrack(old);
      old.stop();
    }
    this.local.addTrack(track);
    if (track.kind === 'video') this.camera = track;
    for (const link of this.links.values()) {
      const sender = link.pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind)?.sender;
      if (sender && (track.kind === 'audio' || !this.screen)) await sender.replaceTrack(track);
    }
    this.media = {
      ...this.media,
      audio: this.local.getAudioTracks().some((t) => t.enabled),
      video: this.camera?.enabled ?? false,
    };
    this.announce();
  }

  private async replaceVideo(): Promise<void> {
    for (const link of this.links.values()) {
      const sender = link.pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')?.sender;
      await sender?.replaceTrack(this.videoTrack());
    }
  }

  /** That person left the room (their stay ended): their link goes, whatever state it was in. */
  forget(identity: string): void {
    const link = this.links.get(identity);
    if (!link) return;
    this.drop(link);
    this.options.onChange();
  }

  /** Leaves the call: the other pages hear `bye` and drop their link at once. */
  close(): void {
    if (this.closed) return;
    this.signal(null, { kind: 'bye' });
    this.closed = true;
    for (const link of [...this.links.values()]) this.drop(link);
    this.screen?.stop();
    for (const track of this.local.getTracks()) track.stop();
  }
}

function candidateOf(candidate: RTCIceCandidate) {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}
