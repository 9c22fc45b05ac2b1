/**
 * Types for DuckDB-WASM's browser build with blocking bindings. The package does not list that
 * file in its `exports`, so `engine/worker.ts` imports it by path, and its own `.d.ts` (beside
 * it, named for `.js`) is not found for an `.mjs` import.
 */
declare module '*/duckdb-browser-blocking.mjs' {
  import type {
    DuckDBBindings,
    DuckDBBundles,
    DuckDBRuntime,
    Logger,
  } from '@duckdb/duckdb-wasm/blocking';

  /** Instantiates the EH bundle when WebAssembly exceptions are supported, else MVP. */
  export function createDuckDB(
    bundles: DuckDBBundles,
    logger: Logger,
    runtime: DuckDBRuntime,
  ): Promise<DuckDBBindings>;
  export const BROWSER_RUNTIME: DuckDBRuntime;
  export class VoidLogger implements Logger {
    log(): void;
  }
}
