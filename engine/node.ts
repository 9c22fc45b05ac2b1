import { createRequire } from 'node:module';
import path from 'node:path';
import type * as DuckDB from '@duckdb/duckdb-wasm/blocking';
import type * as Arrow from 'apache-arrow';
import type { KitchenParams } from '../scenarios/index.ts';
import { Engine, generateScenario, scenarioKey, type EngineOptions } from './engine.ts';
import type { IngestResult } from './ingest/recording-ingest.ts';
import { buildSnapshot } from './ingest/snapshot-build.ts';
import { encodeSnapshot } from './ingest/source-snapshot.ts';
import { quoteIdent } from './sql/sql.ts';

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

/**
 * A snapshot of the kitchen scenario `params` loaded (`Engine.loadSnapshot`): the app's build
 * writes one of the default demo, which the app's worker then loads instead of generating it.
 */
export async function scenarioSnapshot(params: Partial<KitchenParams> = {}): Promise<Uint8Array> {
  // DuckDB's Arrow tables come from the package's CommonJS copy of apache-arrow: written with it.
  const arrow = require('apache-arrow') as typeof Arrow;
  const db = await createNodeBindings();
  let ingested: IngestResult | null = null;
  const engine = new Engine(db, { onIngest: (result) => (ingested = result) });
  try {
    const scenario = generateScenario(params);
    const summary = await engine.loadGenerated(scenario);
    const result = ingested as IngestResult | null;
    if (!result) throw new Error('the scenario was loaded without an ingest');
    const conn = db.connect();
    try {
      const snapshot = buildSnapshot(
        scenarioKey(params),
        scenario.incidents,
        result,
        summary,
        (table) => {
          const rows = conn.query(
            `SELECT * FROM ${quoteIdent(table)} ORDER BY rowid`,
          ) as unknown as Arrow.Table;
          return {
            numRows: rows.numRows,
            seqs: () =>
              Float64Array.from(rows.getChild('_seq')!.toArray() as ArrayLike<bigint>, Number),
            ipc: (from, to) => arrow.tableToIPC(rows.slice(from, to), 'stream'),
          };
        },
      );
      return encodeSnapshot(snapshot);
    } finally {
      conn.close();
    }
  } finally {
    engine.close();
  }
}
