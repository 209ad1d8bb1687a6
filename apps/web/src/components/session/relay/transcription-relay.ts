import { RELAY_SAMPLE_RATE, relayPaths, relayToBrowser } from '@hybridcoach/api/wire';
import { AssistantVoice } from './assistant-voice';
// Never inlined as a data: URL, which the Content-Security-Policy (script-src 'self') refuses.
import workletUrl from './pcm-capture.worklet.js?url&no-inline';

export type RelayState = 'connecting' | 'listening' | 'idle' | 'refused';

/** Reconnects after a lost relay socket wait this long, doubling up to the maximum. */
const RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

/**
 * This page's microphone to the transcription relay (peer-to-peer rooms): a WebSocket to the
 * server, and — only while the server says an agent is listening — the microphone resampled to
 * 16 kHz by an AudioContext and sent as 20 ms PCM frames. The assistant's voice comes back the
 * same way and is played. Muting says so and sends nothing; a lost
 * socket reconnects with backoff (a refusal — the assistant off, transcription paused — is asked
 * again later too, as it may be lifted).
 */
export class TranscriptionRelay {
  private socket: WebSocket | null = null;
  private context: AudioContext | null = null;
  private readonly voice = new AssistantVoice();
  private microphone = true;
  private closed = false;
  private retryMs = RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  state: RelayState = 'connecting';

  constructor(
    private readonly appointmentId: string,
    private track: MediaStreamTrack,
    private readonly onState: (state: RelayState) => void,
  ) {
    this.connect();
  }

  private setState(state: RelayState): void {
    this.state = state;
    this.onState(state);
  }

  private connect(): void {
    if (this.closed) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}${relayPaths.browser(this.appointmentId)}`);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = RETRY_MS;
      if (!this.microphone) socket.send(JSON.stringify({ type: 'microphone', on: false }));
    };
    socket.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) return this.voice.play(event.data);
      if (typeof event.data !== 'string') return;
      const parsed = relayToBrowser.safeParse(safeJson(event.data));
      if (!parsed.success) return;
      if (parsed.data.type === 'clear') return this.voice.clear();
      if (parsed.data.listening) void this.capture();
      else this.stopCapture();
      this.setState(parsed.data.listening ? 'listening' : 'idle');
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopCapture();
      if (this.closed) return;
      this.setState(event.code === 4403 ? 'refused' : 'connecting');
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
  }

  private async capture(): Promise<void> {
    if (this.context) return;
    const context = new AudioContext({ sampleRate: RELAY_SAMPLE_RATE });
    this.context = context;
    await context.audioWorklet.addModule(workletUrl);
    await context.resume();
    if (this.context !== context) return;
    const node = new AudioWorkletNode(context, 'pcm-capture');
    node.port.onmessage = (event: MessageEvent<ArrayBuffer>) => {
      if (this.microphone && this.socket?.readyState === WebSocket.OPEN) this.socket.send(event.data);
    };
    context.createMediaStreamSource(new MediaStream([this.track])).connect(node);
    // Pulled by the graph: a silent path to the speakers keeps the worklet running.
    const mute = context.createGain();
    mute.gain.value = 0;
    node.connect(mute).connect(context.destination);
  }

  private stopCapture(): void {
    const context = this.context;
    this.context = null;
    void context?.close();
  }

  /** Muted: nothing is sent, and the agent closes this person's stream until it comes back. */
  setMicrophone(on: boolean): void {
    if (on === this.microphone) return;
    this.microphone = on;
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'microphone', on }));
  }

  /** Another microphone was chosen. */
  useTrack(track: MediaStreamTrack): void {
    this.track = track;
    if (this.context) {
      this.stopCapture();
      void this.capture();
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopCapture();
    this.voice.close();
    this.socket?.close(1000);
    this.socket = null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
