/** The few parts of @echogarden/espeak-ng-emscripten (eSpeak NG compiled to JavaScript) that Steadywork uses. */
declare module '@echogarden/espeak-ng-emscripten' {
  export interface ESpeakNGWorker {
    get_samplerate(): number;
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): number;
    set_pitch(pitch: number): number;
    /** Calls back with each chunk of 16-bit samples as it is made; answering true stops the synthesis. */
    synthesize(text: string, onChunk: (samples: Int16Array | null, events: unknown[]) => boolean): void;
  }
  export interface ESpeakNGModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
  }
  export interface ESpeakNGOptions {
    /** Answers the voice data (espeak-ng.data) ourselves instead of letting the module look for it. */
    getPreloadedPackage?: (name: string, size: number) => ArrayBuffer;
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }
  const factory: (options?: ESpeakNGOptions) => Promise<ESpeakNGModule>;
  export default factory;
}
