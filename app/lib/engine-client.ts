import * as Comlink from 'comlink';
import type { EngineApi, Frame, ProgressFn, SourceSummary } from '../../engine/index.ts';

/**
 * The app's one way to the engine: a web worker wrapped by comlink. Components and stores call
 * these methods; nothing else posts messages to the worker.
 */
export interface EngineClient {
  /** Generates and loads the built-in 24-hour kitchen demo (the scenario's defaults). */
  loadDemo(onProgress?: ProgressFn): Promise<SourceSummary>;
  /** The metrics as of replay time `time`. */
  frame(time: number): Promise<Frame>;
  /** The replay time reached after delivering `records` more records past `time`. */
  timeAfter(time: number, records: number): Promise<number>;
  /** Releases the comlink proxy and terminates the worker. */
  dispose(): void;
}

/**
 * Starts the engine worker. Create it in an `$effect` and call `dispose()` in its cleanup.
 * `onCrash` hears of errors the worker throws outside any call (a failed module load, say):
 * comlink would leave the pending calls waiting forever, so the caller must be told.
 */
export function createEngineClient(onCrash?: (message: string) => void): EngineClient {
  const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: 'tapedeck-engine',
  });
  worker.addEventListener('error', (event) => {
    onCrash?.(event.message || 'the engine worker failed to start');
  });
  const engine = Comlink.wrap<EngineApi>(worker);
  return {
    loadDemo: (onProgress) =>
      engine.loadScenario({}, onProgress ? Comlink.proxy(onProgress) : undefined),
    frame: (time) => engine.frame(time),
    timeAfter: (time, records) => engine.timeAfter(time, records),
    dispose() {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
