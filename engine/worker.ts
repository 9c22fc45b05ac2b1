import * as Comlink from 'comlink';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
// Not in the package's `exports` (its `./blocking` entry is Node-only), hence the path.
import * as duckdb from '../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import type { EngineApi } from './contract.ts';
import { Engine, generateScenario, scenarioKey } from './engine.ts';
import { transferringEngine } from './transfer.ts';

/** What DuckDB-WASM's browser bindings do to load their module (Emscripten's hook). */
interface WasmLoading {
  mainModuleURL: string;
  instantiateWasm(
    imports: WebAssembly.Imports,
    success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): unknown;
}

/** Settles once DuckDB's module is being fetched and compiled (in the compile worker or here). */
let compileStarted!: () => void;
const compiling = new Promise<void>((resolve) => (compileStarted = resolve));

/**
 * The engine's web worker: DuckDB-WASM (blocking bindings, in this thread) and the engine,
 * exposed through comlink. The wasm files come from the installed package via Vite: no network.
 *
 * The module (34 MB) is fetched and compiled by a worker of its own (`compile-worker.ts`) and
 * instantiated here; meanwhile this thread generates the demo (`loadScenario` below). Where
 * that worker cannot start, DuckDB-WASM fetches and compiles the module itself.
 */
async function start(): Promise<Engine> {
  const bundles = {
    mvp: { mainModule: mvpWasm, mainWorker: '' },
    eh: { mainModule: ehWasm, mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  const loading = db as unknown as WasmLoading;
  const compiled = compileElsewhere(new URL(loading.mainModuleURL, self.location.href).href);
  compileStarted();
  const module = await compiled.catch(() => null);
  if (module) {
    loading.instantiateWasm = (imports, success) => {
      // As the bindings' own hook does first: the module's imports call the runtime through it.
      (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = duckdb.BROWSER_RUNTIME;
      WebAssembly.instantiate(module, imports).then(
        (instance) => success(instance, module),
        (err: unknown) => {
          // Emscripten would wait forever: fail the worker, which the app reports.
          setTimeout(() => {
            throw err;
          });
        },
      );
      return {};
    };
  }
  await db.instantiate(() => {});
  return new Engine(db, { computeAhead: true });
}

/** Fetches and compiles `url` in a worker of its own; rejects when that fails. */
function compileElsewhere(url: string): Promise<WebAssembly.Module> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./compile-worker.ts', import.meta.url), {
        type: 'module',
        name: 'tapedeck-wasm-compile',
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    worker.addEventListener('message', (event: MessageEvent<{ module?: WebAssembly.Module }>) => {
      worker.terminate();
      if (event.data.module) resolve(event.data.module);
      else reject(new Error(`compiling DuckDB-WASM failed: ${JSON.stringify(event.data)}`));
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(`the compile worker failed: ${event.message}`));
    });
    worker.postMessage(url);
  });
}

const engine = start();

/** What the default demo's snapshot is of (`scenarioKey`). */
const DEMO = scenarioKey({});

/**
 * The default demo's snapshot, shipped beside this worker by the app's build (vite.config.ts);
 * null where there is none (Vite's dev server) or it cannot be read.
 */
async function fetchDemoSnapshot(): Promise<Uint8Array | null> {
  try {
    const response = await fetch(new URL('demo.snapshot', self.location.href));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/**
 * The engine as exposed. The default demo is loaded from its snapshot, fetched while DuckDB
 * loads. Any other scenario needs no database to generate: it is generated at once, while
 * DuckDB loads, then loaded into the engine when it is ready. Calls keep their order: each waits
 * for `compiling`, then for the engine, in the order they came.
 */
const api: EngineApi = new Proxy({} as EngineApi, {
  get: (_, method) => {
    if (method === 'loadScenario') {
      return async (...[params, onProgress]: Parameters<EngineApi['loadScenario']>) => {
        const key = scenarioKey(params);
        const snapshot = key === DEMO ? fetchDemoSnapshot() : null;
        await compiling;
        const bytes = await snapshot;
        if (bytes) {
          try {
            return await (await engine).loadSnapshot(bytes, key, onProgress);
          } catch (err) {
            // The demo is generated instead: slower, the same records.
            console.warn('Tapedeck: the demo snapshot did not load; generating the demo', err);
          }
        }
        const scenario = generateScenario(params, onProgress);
        return (await engine).loadGenerated(scenario, onProgress);
      };
    }
    if (typeof method !== 'string' || method === 'then') return undefined;
    return async (...args: unknown[]) => {
      await compiling;
      const target = (await engine) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return target[method]!(...args);
    };
  },
});

// Exposed at once: calls that arrive while DuckDB loads wait for it instead of being lost.
Comlink.expose(transferringEngine(Promise.resolve(api)));
