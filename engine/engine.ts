import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { readRecording, type MalformedLine } from '../bridge/index.ts';
import type { Incident, KafkaRecord, KitchenParams } from '../scenarios/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../scenarios/index.ts';
import type {
  EngineApi,
  Frame,
  MetricFrame,
  ProgressFn,
  QueryResult,
  SourceSummary,
} from './api.ts';
import { histogram } from './histogram.ts';
import { Ingest, INSERT_BATCH_ROWS } from './ingest.ts';
import { parseLabels } from './labels-file.ts';
import {
  BUILT_IN_METRICS,
  metricInfo,
  type MetricContext,
  type MetricSpec,
} from './metrics/index.ts';
import { runMetric } from './metric-runner.ts';
import { assertReadOnly, toQueryResult } from './read-only-sql.ts';
import type { SourceTape } from './source-tape.ts';
import { errorIn, quoteIdent } from './sql.ts';

/** Malformed lines reported in a summary; the rest are only counted. */
const MALFORMED_LINES_KEPT = 1000;

/** Windows accept no records after their end (Kafka Streams' grace period). */
const GRACE_MS = 0;

interface LoadedSource {
  tape: SourceTape;
  /** first record timestamp: where metric grids begin */
  start: number;
  topics: string[];
  metrics: MetricSpec[];
}

/**
 * The engine over one DuckDB-WASM instance with blocking bindings — the browser's in the web
 * worker, the Node package's in tests and the CLI. No platform code here. One source is loaded
 * at a time; a new load drops the previous source's tables. Calls run one at a time, in order.
 */
export class Engine implements EngineApi {
  private readonly conn: DuckDBConnection;
  private source: LoadedSource | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(db: DuckDBBindings) {
    this.conn = db.connect();
    // The JSON extension and friends would be fetched from the internet: never load any.
    this.conn.query('SET autoinstall_known_extensions = false');
    this.conn.query('SET autoload_known_extensions = false');
  }

  loadScenario(params: Partial<KitchenParams>, onProgress?: ProgressFn): Promise<SourceSummary> {
    const full: KitchenParams = { ...KITCHEN_DEFAULTS, ...params };
    const name = `kitchen seed ${full.seed}`;
    return this.exclusive(async () => {
      try {
        onProgress?.({ phase: 'generate', done: 0, total: 1 });
        const { records, labels } = generateKitchen(full);
        onProgress?.({ phase: 'generate', done: 1, total: 1 });
        return this.ingestRecords(records, name, labels.incidents, onProgress);
      } catch (err) {
        throw errorIn(`scenario "${name}"`, err);
      }
    });
  }

  loadRecording(
    bytes: Uint8Array,
    name: string,
    labels?: string,
    onProgress?: ProgressFn,
  ): Promise<SourceSummary> {
    return this.exclusive(async () => {
      try {
        const incidents = labels === undefined ? [] : parseLabels(labels);
        const ingest = this.startLoad();
        const malformed: MalformedLine[] = [];
        let malformedCount = 0;
        try {
          const total = bytes.length;
          const report = (done: number) => onProgress?.({ phase: 'read', done, total });
          for await (const batch of readRecording(bytes, { onProgress: report })) {
            ingest.add(batch.records);
            malformedCount += batch.malformed.length;
            for (const m of batch.malformed)
              if (malformed.length < MALFORMED_LINES_KEPT) malformed.push(m);
          }
          const summary = this.finishLoad(ingest, name, incidents, onProgress);
          summary.malformedLines = malformed.map(({ line, reason }) => ({ line, reason }));
          summary.malformedLineCount = malformedCount;
          return summary;
        } catch (err) {
          ingest.abort();
          throw err;
        }
      } catch (err) {
        throw errorIn(`recording "${name}"`, err);
      }
    });
  }

  /** Loads records already in memory (tests, and scenarios generated elsewhere) as the source. */
  loadRecords(
    records: readonly KafkaRecord[],
    name: string,
    incidents: Incident[] = [],
    onProgress?: ProgressFn,
  ): Promise<SourceSummary> {
    return this.exclusive(async () => {
      try {
        return this.ingestRecords(records, name, incidents, onProgress);
      } catch (err) {
        throw errorIn(`source "${name}"`, err);
      }
    });
  }

  frame(time: number): Promise<Frame> {
    return this.exclusive(async () => {
      const source = this.source;
      if (!source || !Number.isFinite(time)) {
        if (!Number.isFinite(time)) throw new Error(`frame: invalid time ${time}`);
        return { time, delivered: 0, metrics: [] };
      }
      const delivered = source.tape.delivered(time);
      const ctx: MetricContext = { delivered, time, start: source.start, graceMs: GRACE_MS };
      const metrics: MetricFrame[] = source.metrics.map((spec) => runMetric(this.conn, spec, ctx));
      return { time, delivered, metrics };
    });
  }

  async timeAfter(time: number, records: number): Promise<number> {
    if (!Number.isFinite(time) || !Number.isFinite(records)) {
      throw new Error(`timeAfter: invalid arguments (time ${time}, records ${records})`);
    }
    return this.source ? this.source.tape.timeAfter(time, records) : time;
  }

  query(sql: string): Promise<QueryResult> {
    return this.exclusive(async () => {
      try {
        assertReadOnly(sql);
        return toQueryResult(this.conn.query(sql));
      } catch (err) {
        const shown = sql.length > 80 ? `${sql.slice(0, 80)}…` : sql;
        throw errorIn(`query ${JSON.stringify(shown)}`, err);
      }
    });
  }

  /** Closes the connection; the engine is unusable afterwards. */
  close(): void {
    this.source = null;
    this.conn.close();
  }

  private ingestRecords(
    records: readonly KafkaRecord[],
    name: string,
    incidents: Incident[],
    onProgress?: ProgressFn,
  ): SourceSummary {
    const ingest = this.startLoad();
    try {
      for (let from = 0; from < records.length; from += INSERT_BATCH_ROWS) {
        ingest.add(records.slice(from, from + INSERT_BATCH_ROWS));
        onProgress?.({ phase: 'ingest', done: ingest.records, total: records.length });
      }
      return this.finishLoad(ingest, name, incidents, onProgress);
    } catch (err) {
      ingest.abort();
      throw err;
    }
  }

  private startLoad(): Ingest {
    if (this.source) {
      for (const topic of this.source.topics) {
        this.conn.query(`DROP TABLE IF EXISTS ${quoteIdent(topic)}`);
      }
    }
    this.source = null;
    return new Ingest(this.conn);
  }

  private finishLoad(
    ingest: Ingest,
    name: string,
    incidents: Incident[],
    onProgress?: ProgressFn,
  ): SourceSummary {
    onProgress?.({ phase: 'index', done: 0, total: 1 });
    const result = ingest.finish();
    onProgress?.({ phase: 'index', done: 1, total: 1 });
    const metrics = BUILT_IN_METRICS.filter((spec) => available(spec, result.topics));
    const topics = [...result.topics.keys()];
    this.source = { tape: result.tape, start: result.start, topics, metrics };
    return {
      name,
      start: result.start,
      end: result.end,
      records: result.tape.records,
      partitions: result.partitions,
      malformedLines: [],
      malformedLineCount: 0,
      histogram: histogram(result.timestamps, result.start, result.end),
      incidents,
      metrics: metrics.map(metricInfo),
    };
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Whether the source has every topic and field column the metric reads. */
function available(spec: MetricSpec, topics: Map<string, Set<string>>): boolean {
  return Object.entries(spec.requires).every(([topic, columns]) => {
    const have = topics.get(topic);
    return have !== undefined && columns.every((c) => have.has(c.toLowerCase()));
  });
}
