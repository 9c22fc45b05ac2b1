import * as Comlink from 'comlink';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
// Not in the package's `exports` (its `./blocking` entry is Node-only), hence the path.
import * as duckdb from '../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import { Engine } from './engine.ts';
import { transferringEngine } from './transfer.ts';

/**
 * The engine's web worker: DuckDB-WASM (blocking bindings, in this thread) and the engine,
 * exposed through comlink. The wasm files come from the installed package via Vite: no network.
 */
async function start(): Promise<Engine> {
  const bundles = {
    mvp: { mainModule: mvpWasm, mainWorker: '' },
    eh: { mainModule: ehWasm, mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  await db.instantiate(() => {});
  return new Engine(db);
}

// Exposed at once: calls that arrive while DuckDB loads wait for it instead of being lost.
Comlink.expose(transferringEngine(start()));
