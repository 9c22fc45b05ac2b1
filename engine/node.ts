import { createRequire } from 'node:module';
import path from 'node:path';
import type * as DuckDB from '@duckdb/duckdb-wasm/blocking';
import { Engine, type EngineOptions } from './engine.ts';

const require = createRequire(import.meta.url);

/**
 * DuckDB-WASM's blocking bindings under Node, from the installed package's files (no network).
 * Instantiation takes about a second: share one instance where you can.
 */
export async function createNodeBindings(): Promise<DuckDB.DuckDBBindings> {
  const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const duckdb = require(entry) as typeof DuckDB;
  const dist = path.dirname(entry);
  const bundles: DuckDB.DuckDBBundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
    },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  return db;
}

/** The engine on Node's DuckDB-WASM, for tests, the CLI and the benchmark (Node only). */
export async function createNodeEngine(options?: EngineOptions): Promise<Engine> {
  return new Engine(await createNodeBindings(), options);
}
export { type MetricSpec } from './metrics/index.ts';
export {
  KITCHEN_WORKBOOK,
  compileMetric,
  formatDuration,
  parseWorkbook,
} from './workbook/index.ts';
export {
  metricDimensions,
  seriesCsv,
  seriesDimensions,
  seriesParquet,
  workbookToPrometheus,
  type WorkbookPrometheusExport,
  jaegerTraces,
  otlpTraces,
  type JaegerFile,
} from './export/index.ts';
export { type Engine } from './engine.ts';
export { hopTableSql, type TraceScope } from './traces/trace-sql.ts';
