import * as Comlink from 'comlink';
import type {
  EngineApi,
  Frame,
  LiveStatus,
  ProgressFn,
  QueryResult,
  SliDetail,
  SourceSummary,
  WorkbookSummary,
} from '../../engine/index.ts';
import type { KitchenParams } from '../../scenarios/index.ts';

/**
 * The app's one way to the engine: a web worker wrapped by comlink. Components and stores call
 * these methods; nothing else posts messages to the worker. One worker serves every source the
 * app opens, so DuckDB-WASM loads once.
 */
export interface EngineClient {
  /** Generates and loads a kitchen scenario (`{}`: the built-in 24-hour demo). */
  loadScenario(params: Partial<KitchenParams>, onProgress?: ProgressFn): Promise<SourceSummary>;
  /** Loads a recording's bytes (transferred: `bytes` is unusable afterwards). */
  loadRecording(
    bytes: Uint8Array,
    name: string,
    labels?: string,
    onProgress?: ProgressFn,
  ): Promise<SourceSummary>;
  /** Starts an empty live source in place of the loaded one. */
  startLive(name: string): Promise<SourceSummary>;
  /** Appends one batch of kcat NDJSON to the live source (transferred). */
  appendLive(bytes: Uint8Array): Promise<LiveStatus>;
  /** The metrics as of replay time `time`. */
  frame(time: number): Promise<Frame>;
  /** The replay time reached after delivering `records` more records past `time`. */
  timeAfter(time: number, records: number): Promise<number>;
  /** Read-only SQL over the loaded tables. */
  query(sql: string): Promise<QueryResult>;
  /** Validates a workbook and makes it the active one (`accepted: false` with issues if bad). */
  loadWorkbook(text: string, name: string): Promise<WorkbookSummary>;
  /** The active workbook's text, as loaded. */
  getWorkbook(): Promise<string>;
  /** One SLI in depth as of replay time `time`. */
  sli(id: string, time: number): Promise<SliDetail>;
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
  const progress = (fn?: ProgressFn) => (fn ? Comlink.proxy(fn) : undefined);
  const moved = (bytes: Uint8Array) => Comlink.transfer(bytes, [bytes.buffer]);
  return {
    loadScenario: (params, onProgress) => engine.loadScenario(params, progress(onProgress)),
    loadRecording: (bytes, name, labels, onProgress) =>
      engine.loadRecording(moved(bytes), name, labels, progress(onProgress)),
    startLive: (name) => engine.startLive(name),
    appendLive: (bytes) => engine.appendLive(moved(bytes)),
    frame: (time) => engine.frame(time),
    timeAfter: (time, records) => engine.timeAfter(time, records),
    query: (sql) => engine.query(sql),
    loadWorkbook: (text, name) => engine.loadWorkbook(text, name),
    getWorkbook: () => engine.getWorkbook(),
    sli: (id, time) => engine.sli(id, time),
    dispose() {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
