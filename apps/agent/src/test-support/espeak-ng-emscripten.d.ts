// The package ships no types; this is the part of its Emscripten binding that speech.ts uses.
declare module '@echogarden/espeak-ng-emscripten' {
  export interface ESpeakNGWorker {
    set_voice(name: string): void;
    /** Calls `onAudio` per chunk of 22 050 Hz samples; returning true aborts synthesis. */
    synthesize(text: string, onAudio: (samples: Int16Array, events: unknown[]) => boolean | undefined): void;
  }
  interface ESpeakNGModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }
  export default function initialize(): Promise<ESpeakNGModule>;
}
