import * as Comlink from 'comlink';
import type { EngineApi } from '../../engine/index.ts';

/**
 * The app's one way to the engine: the engine contract (`EngineApi`, every method) served by a
 * web worker through comlink, plus `dispose`. Components and stores call these methods; nothing
 * else posts messages to the worker. One worker serves every source the app opens, so
 * DuckDB-WASM loads once. Errors arrive as `Error`s with the engine's `code` and `cause`.
 */
export type EngineClient = EngineApi & {
  /** Releases the comlink proxy and terminates the worker. */
  dispose(): void;
};

/**
 * Starts the engine worker. Create it in an `$effect` and call `dispose()` in its cleanup.
 * `onCrash` hears of errors the worker throws outside any call (a failed module load, say):
 * comlink would leave the pending calls waiting forever, so the caller must be told.
 *
 * Arguments cross as the contract says: callbacks (progress) as comlink proxies, byte arrays
 * transferred (the caller's `Uint8Array` is unusable afterwards), everything else cloned.
 */
export function createEngineClient(onCrash?: (message: string) => void): EngineClient {
  const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: 'tapedeck-engine',
  });
  worker.addEventListener('error', (event) => {
    onCrash?.(event.message || 'the engine worker failed to start');
  });
  const engine = Comlink.wrap<EngineApi>(worker) as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const dispose = () => {
    (engine as unknown as Comlink.Remote<EngineApi>)[Comlink.releaseProxy]();
    worker.terminate();
  };
  return new Proxy({} as EngineClient, {
    get: (_, method) => {
      if (method === 'dispose') return dispose;
      // `then` must stay undefined, or awaiting the client would call it.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...args: unknown[]) => engine[method]!(...args.map(wireArgument));
    },
  });
}

function wireArgument(arg: unknown): unknown {
  if (typeof arg === 'function') return Comlink.proxy(arg);
  if (arg instanceof Uint8Array) return Comlink.transfer(arg, [arg.buffer]);
  return arg;
}
