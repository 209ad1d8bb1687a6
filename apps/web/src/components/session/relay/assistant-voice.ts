import { RELAY_VOICE_SAMPLE_RATE } from '@hybridcoach/api/wire';

/**
 * Plays the assistant's voice as it arrives from the relay (16-bit PCM chunks at 24 kHz), each
 * chunk queued right after the one before so that speech has no gaps; `clear` drops what has not
 * been played (someone talked over it).
 */
export class AssistantVoice {
  private context: AudioContext | null = null;
  private playAt = 0;
  private readonly queued = new Set<AudioBufferSourceNode>();

  play(chunk: ArrayBuffer): void {
    if (chunk.byteLength < 2) return;
    this.context ??= new AudioContext({ sampleRate: RELAY_VOICE_SAMPLE_RATE });
    const context = this.context;
    const samples = new Int16Array(chunk, 0, chunk.byteLength >> 1);
    const buffer = context.createBuffer(1, samples.length, RELAY_VOICE_SAMPLE_RATE);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = (samples[i] ?? 0) / 32768;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const at = Math.max(context.currentTime + 0.05, this.playAt);
    source.start(at);
    this.playAt = at + buffer.duration;
    this.queued.add(source);
    source.onended = () => this.queued.delete(source);
  }

  clear(): void {
    for (const source of this.queued) source.stop();
    this.queued.clear();
    this.playAt = 0;
  }

  close(): void {
    this.clear();
    void this.context?.close();
    this.context = null;
  }
}
