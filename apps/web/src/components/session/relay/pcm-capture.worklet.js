// Runs in the AudioWorklet (its own scope, no imports): the microphone at the context's rate
// (16 kHz) as 20 ms frames of 16-bit PCM, each posted to the page (transferred, not copied).
const FRAME = 320;

class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frame = new Int16Array(FRAME);
    this.at = 0;
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      const s = Math.max(-1, Math.min(1, channel[i]));
      this.frame[this.at++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.at === FRAME) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(FRAME);
        this.at = 0;
      }
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
