import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { MalformedLine } from '../formats/index.ts';
import type { KitchenParams } from '../scenarios/index.ts';
import type { Incident, KafkaRecord } from '../formats/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../scenarios/index.ts';
import type {
  EngineApi,
  Frame,
  FrameDelta,
  LiveStatus,
  MetricFrame,
  ProgressFn,
  QueryResult,
  SourceSummary,
  TraceContextStats,
} from './contract.ts';
import { histogram } from './ingest/histogram.ts';
import { Ingest, INSERT_BATCH_ROWS, type IngestResult } from './ingest/recording-ingest.ts';
import { PendingInserts } from './ingest/pending-inserts.ts';
import { decodeSnapshot } from './ingest/source-snapshot.ts';
import { EARLY_SHARE } from './metrics/as-of-runner.ts';
import { parseLabels } from '../formats/index.ts';
import { LiveIngest } from './ingest/live-ingest.ts';
import {
  CheckpointBudget,
  RECORDING_CHECKPOINT_BYTES,
  recordingStreams,
} from './ingest/checkpoints.ts';
import { keepMalformedLines } from './ingest/source-counts.ts';
import { metricInfo, type MetricContext, type MetricSpec } from './metrics/index.ts';
import { AsOfRunner } from './metrics/as-of-runner.ts';
import { FrameDeltas } from './frame-delta.ts';
import { runMetric } from './metrics/metric-runner.ts';
import { readOnlyQuery, toQueryResult } from './sql/read-only-sql.ts';
import { sandboxDuckDB } from './sql/sandbox.ts';
import { runConsoleQuery, type ConsoleRun } from './sql/console-query.ts';
import { refreshResultTables } from './sql/result-tables.ts';
import { SourceTape } from './ingest/source-tape.ts';
import { quoteIdent } from './sql/sql.ts';
import { ENGINE_DEFAULTS } from './defaults.ts';
import { describeTimestamp } from './ingest/timestamp-outliers.ts';
import { EngineError, engineError } from './errors.ts';
import type { AlertRuleResult, SliDetail, WorkbookIssue, WorkbookSummary } from './contract.ts';
import { WorkbookRuntime } from './workbook/workbook-runtime.ts';
import type { ExplainRequest, Explanation } from './contract.ts';
import { explainWindow } from './explain/explain-window.ts';
import type { TraceDetail, TraceListFilter, TraceOptions, TraceReport } from './contract.ts';
import { TraceJoin, traceContextStats, type SourceTable } from './traces/trace-join.ts';
import { traceOptions } from './traces/trace-options.ts';
import type { RecordPage, RecordQuery, RecordSource } from './contract.ts';
import { recordPage } from './browse/record-page.ts';
import { addRecordKinds, clearRecordKinds, storeRecordKinds } from './browse/record-kinds.ts';
import { recordSource, type SourceLines } from './browse/record-source.ts';
import { parseSeriesFile } from './series/series-file.ts';
import { seriesFrame } from './series/series-source.ts';
import { defineBrowseMacros } from './browse/header-macro.ts';

/** A kitchen scenario generated and not yet loaded (see `Engine.loadGenerated`). */
export interface GeneratedScenario {
  name: string;
  records: KafkaRecord[];
  incidents: Incident[];
}

/**
 * What a snapshot of the kitchen scenario `params` (over the defaults) is of: the parameters
 * in a fixed order, as JSON (`Engine.loadSnapshot` compares it).
 */
export function scenarioKey(params: Partial<KitchenParams>): string {
  const full: KitchenParams = { ...KITCHEN_DEFAULTS, ...params };
  const keys = (Object.keys(full) as (keyof KitchenParams)[]).sort();
  return `kitchen ${JSON.stringify(keys.map((k) => [k, full[k]]))}`;
}

/**
 * Generates the kitchen scenario `params` (over the defaults) as `loadScenario` loads it: pure
 * JavaScript, no database. Reports the `generate` phase; a failure is the scenario's `SOURCE_FAILED`.
 */
export function generateScenario(
  params: Partial<KitchenParams>,
  onProgress?: ProgressFn,
): GeneratedScenario {
  const full: KitchenParams = { ...KITCHEN_DEFAULTS, ...params };
  const name = `kitchen seed ${full.seed}`;
  try {
    onProgress?.({ phase: 'generate', done: 0, total: 1 });
    const { records, labels } = generateKitchen(full);
    onProgress?.({ phase: 'generate', done: 1, total: 1 });
    return { name, records, incidents: labels.incidents };
  } catch (err) {
    throw engineError('SOURCE_FAILED', `scenario "${name}"`, err);
  }
}

/** How an engine computes (for tests and the benchmark; the app and the CLI take the defaults). */
export interface EngineOptions {
  /**
   * Run every metric's SQL over the records delivered so far on each frame, instead of
   * computing each metric once per source and slicing it (`AsOfRunner`): the reference the
   * slices are checked and timed against.
   */
  recomputeFrames?: boolean;
  /** Text above which a recording streams into DuckDB (default `STREAM_RECORDINGS_ABOVE`). */
  streamRecordingsAbove?: number;
  /**
   * Have `prepare` also compute the as-of histories of a replay's recomputed metrics (raw SQL,
   * hopping windows: one query per sample time) to the source's end, in the background: a slice
   * of `AHEAD_SLICE_MS` at a time, with the calls made meanwhile run between slices, so that a
   * seek or a fast play later finds them done (see `computeAhead`). `prepare` then settles when
   * they are. The app's worker sets it; off, a frame computes the samples it shows as it needs
   * them, and an engine does no work it was not asked for.
   */
  computeAhead?: boolean;
  /** Called with what each load's ingest found, before the source opens (`scenarioSnapshot`). */
  onIngest?: (result: IngestResult) => void;
}

/**
 * How long one background slice of `computeAhead` may run before it lets a waiting call in:
 * a frame asked for meanwhile waits at most about this (plus one query).
 */
export const AHEAD_SLICE_MS = 12;

/** Until a workbook says otherwise (its `options.grace` reaches the compiled metrics). */
const GRACE_MS = ENGINE_DEFAULTS.graceMs;

interface LoadedSource {
  tape: SourceTape;
  /** first record timestamp: where metric grids begin */
  start: number;
  /** the DuckDB tables of its topics (see `SourceSummary.tables`) */
  tables: string[];
  /** each topic and its table, for trace joins */
  topics?: SourceTable[];
  metrics: MetricSpec[];
  /** the records' kinds are in `RECORD_KINDS_TABLE` (a loaded recording or records) */
  kinds?: boolean;
  /** where a recording's records are in it, to read their text again */
  lines?: SourceLines | null;
}

/**
 * The engine over one DuckDB-WASM instance with blocking bindings — the browser's in the web
 * worker, the Node package's in tests and the CLI. No platform code here. One source is loaded
 * at a time; a new load drops the previous source's tables. Calls run one at a time, in order.
 */
export class Engine implements EngineApi {
  private readonly conn: DuckDBConnection;
  private source: LoadedSource | null = null;
  /** runs the source's metrics, keeping each sample as known at its time (DESIGN "As-of values") */
  private asOf: AsOfRunner | null = null;
  /** the background work of the last `prepare` (`EngineOptions.computeAhead`) */
  private ahead: Promise<void> = Promise.resolve();
  /** the live source, and its field columns when the workbook was last attached to it */
  private live: { ingest: LiveIngest; name: string; columns: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** a snapshot's rows not inserted yet (see `loadSnapshot`) */
  private pending: PendingInserts | null = null;
  /** the last frame `frameDelta` answered: the base of the next (forgotten when frames change meaning) */
  private readonly deltas = new FrameDeltas();
  /** the active workbook, compiled for the loaded source */
  private readonly workbook: WorkbookRuntime;
  /** the metrics of the last frame, for an explanation at its time (the app explains what it shows) */
  private lastFrame: {
    source: LoadedSource;
    specs: MetricSpec[];
    time: number;
    metrics: MetricFrame[];
  } | null = null;

  constructor(
    db: DuckDBBindings,
    private readonly options: EngineOptions = {},
  ) {
    this.conn = db.connect();
    // From here on no SQL, the engine's own included, reaches a file, URL, extension or setting.
    sandboxDuckDB(this.conn);
    defineBrowseMacros(this.conn);
    this.workbook = new WorkbookRuntime(this.conn);
  }

  loadScenario(params: Partial<KitchenParams>, onProgress?: ProgressFn): Promise<SourceSummary> {
    return this.exclusive(
      async () => this.ingestScenario(generateScenario(params, onProgress), onProgress),
      false,
    );
  }

  /**
   * Loads a scenario `generateScenario` made: what `loadScenario` does after generating. The
   * browser's worker generates the demo while DuckDB-WASM is still compiling, then loads it here.
   */
  loadGenerated(scenario: GeneratedScenario, onProgress?: ProgressFn): Promise<SourceSummary> {
    return this.exclusive(async () => this.ingestScenario(scenario, onProgress), false);
  }

  loadRecording(
    source: Uint8Array | Blob,
    name: string,
    labels?: string,
    onProgress?: ProgressFn,
  ): Promise<SourceSummary> {
    return this.exclusive(async () => {
      try {
        const incidents = labels === undefined ? [] : parseLabels(labels);
        const bytes = source instanceof Uint8Array;
        const total = bytes ? source.length : source.size;
        const head = bytes ? source : new Uint8Array(await source.slice(0, 2).arrayBuffer());
        // A large recording streams into DuckDB, checkpointed as it goes; a smaller one loads
        // faster held whole (see `STREAM_RECORDINGS_ABOVE`).
        const gzip = head[0] === 0x1f && head[1] === 0x8b;
        const ingest = this.startLoad(
          recordingStreams(total, gzip, this.options.streamRecordingsAbove)
            ? new CheckpointBudget(this.conn, RECORDING_CHECKPOINT_BYTES)
            : null,
        );
        const malformed: MalformedLine[] = [];
        let malformedCount = 0;
        try {
          const report = (done: number) => onProgress?.({ phase: 'read', done, total });
          // Lines go straight from the file's chunks into the topic columns (see
          // Ingest.addRecording): a file is never held whole.
          const input = bytes ? source : source.stream();
          for await (const lines of ingest.addRecording(input, { onProgress: report })) {
            malformedCount += lines.length;
            keepMalformedLines(malformed, lines);
          }
          const summary = this.finishLoad(ingest, name, incidents, onProgress, source);
          summary.malformedLines = malformed.map(({ line, reason }) => ({ line, reason }));
          summary.malformedLineCount = malformedCount;
          return summary;
        } catch (err) {
          ingest.abort();
          throw err;
        }
      } catch (err) {
        throw engineError('SOURCE_FAILED', `recording "${name}"`, err);
      }
    }, false);
  }

  /**
   * Loads a series file (`metric, series, time_ms, value`: CSV or Parquet, as `tapedeck export
   * series` and `tapedeck flink run` write it) as the source: the workbook's metrics and SLIs
   * it has series of, without records. Frames, alerts and SLIs work on the series alone; what
   * needs records (the events, SQL, traces, explanations) finds none.
   */
  loadSeries(bytes: Uint8Array, name: string, labels?: string): Promise<SourceSummary> {
    return this.exclusive(async () => {
      try {
        const incidents = labels === undefined ? [] : parseLabels(labels);
        const samples = await parseSeriesFile(bytes, name);
        this.dropSource();
        const store = this.workbook.attachSeries(samples, incidents);
        const { start, end } = store.span;
        this.source = {
          tape: new SourceTape(store.times),
          start,
          tables: [],
          metrics: store.specs,
        };
        const step = Math.max(60_000, Math.ceil((end - start) / 200 / 60_000) * 60_000);
        const counts = new Float64Array(Math.max(1, Math.ceil((end - start + 1) / step)));
        for (const t of store.times)
          counts[Math.min(counts.length - 1, Math.floor((t - start) / step))]! += 1;
        return {
          name,
          start,
          end,
          records: store.times.length,
          partitions: [],
          malformedLines: [],
          malformedLineCount: 0,
          linesRead: 0,
          blankLines: 0,
          excludedRecords: 0,
          faults: [],
          faultCount: 0,
          tables: [],
          histogram: { start, step, counts },
          incidents: this.workbook.incidents(),
          metrics: store.specs.map(metricInfo),
          events: [],
          series: { samples: store.samples, unavailable: store.unavailable.map((u) => ({ ...u })) },
        };
      } catch (err) {
        throw engineError('SOURCE_FAILED', `series file "${name}"`, err);
      }
    }, false);
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
        throw engineError('SOURCE_FAILED', `source "${name}"`, err);
      }
    }, false);
  }

  frame(time: number): Promise<Frame> {
    return this.exclusive(async () => this.frameAt(time), false);
  }

  frameDelta(time: number, since: number | null): Promise<FrameDelta> {
    return this.exclusive(async () => {
      if (since !== null && !Number.isFinite(since)) {
        throw new EngineError('INVALID_ARGUMENT', `frameDelta: invalid token ${since}`);
      }
      return this.deltas.delta(this.frameAt(time), since);
    }, false);
  }

  /**
   * Before a frame that delivered `delivered` records, inserts the snapshot rows it reads: those
   * delivered, while a frame reads only them (`AsOfRunner`: near the start, before `prepare`);
   * else all of them.
   */
  private insertRowsFor(delivered: number): void {
    const pending = this.pending;
    if (!pending || !this.source) return;
    if (delivered * EARLY_SHARE < this.source.tape.records) pending.ensure(delivered);
    else pending.completeAll();
    if (pending.done) this.pending = null;
    this.asOf?.tablesComplete(this.pending === null);
  }

  /**
   * Loads a source from a snapshot (`SourceSnapshot`: the app's build writes one of the default
   * demo) taken for `key`; rejects with `SOURCE_FAILED` when the bytes are not a snapshot or not
   * one of `key`. Its tables are created with their first rows; the rest are inserted as frames
   * reach them, and before any other call (see `PendingInserts`).
   */
  loadSnapshot(bytes: Uint8Array, key: string, onProgress?: ProgressFn): Promise<SourceSummary> {
    return this.exclusive(async () => {
      let name = 'snapshot';
      try {
        const snap = decodeSnapshot(bytes);
        name = snap.name;
        if (snap.key !== key) throw new Error(`it is of ${snap.key}, not of ${key}`);
        onProgress?.({ phase: 'index', done: 0, total: 1 });
        this.dropSource();
        const pending = new PendingInserts(this.conn, snap.tableRows);
        try {
          pending.createTables();
          const tables = new Map(snap.tables);
          const events = this.workbook.eventsTopic();
          const table = events === null ? undefined : tables.get(events);
          if (table !== undefined) pending.completeTable(table);
          const result: IngestResult = {
            ...snap,
            // A copy: a view would keep the whole snapshot's bytes for the source's life.
            tape: new SourceTape(snap.streamTimes.slice()),
            topics: new Map(snap.topics.map(([topic, columns]) => [topic, new Set(columns)])),
            tables,
            lines: null,
          };
          const summary = this.openSource(
            result,
            name,
            snap.incidents,
            undefined,
            snap.traceContext,
          );
          this.pending = pending.done ? null : pending;
          this.asOf?.tablesComplete(this.pending === null);
          onProgress?.({ phase: 'index', done: 1, total: 1 });
          return summary;
        } catch (err) {
          for (const { table } of snap.tableRows)
            this.conn.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
          this.source = null;
          throw err;
        }
      } catch (err) {
        throw engineError('SOURCE_FAILED', `snapshot "${name}"`, err);
      }
    }, false);
  }

  private frameAt(time: number): Frame {
    const source = this.source;
    if (!source || !Number.isFinite(time)) {
      if (!Number.isFinite(time)) throw invalidTime('frame', time);
      return { time, delivered: 0, metrics: [] };
    }
    const delivered = source.tape.delivered(time);
    const ctx: MetricContext = { delivered, time, start: source.start, graceMs: GRACE_MS };
    try {
      this.insertRowsFor(delivered);
      const metrics: MetricFrame[] = source.metrics.map((spec) => this.run(spec, ctx));
      this.lastFrame = { source, specs: source.metrics, time, metrics };
      const slis = this.workbook.sliFrames(ctx, this.run);
      return { time, delivered, metrics, slis, events: this.workbook.events(delivered) };
    } catch (err) {
      throw engineError('COMPUTE_FAILED', `frame at ${describeTimestamp(time)}`, err);
    }
  }

  async prepare(): Promise<void> {
    await this.exclusive(async () => {
      const source = this.source;
      if (!source || !this.asOf || this.workbook.seriesSource) return;
      const end = source.tape.records > 0 ? source.tape.streamTimes[source.tape.records - 1]! : 0;
      try {
        this.asOf.prepare([...source.metrics, ...this.workbook.sliSpecs], this.contextAt(end));
      } catch (err) {
        throw engineError('COMPUTE_FAILED', 'preparing the replay', err);
      }
      if (this.options.computeAhead && !this.live) this.ahead = this.computeAhead(end);
    });
    // Settled here, not queued: calls made meanwhile run between its slices.
    await this.ahead;
  }

  /**
   * Extends the recomputed metrics' histories to `end` (the source's last stream time), one
   * slice at a time, each a call of its own queued behind the calls waiting then. Stops when
   * the source, its metrics or the runner change, or when a query fails: the frame that needs
   * the failing sample then reports it.
   */
  private async computeAhead(end: number): Promise<void> {
    const { source, asOf } = this;
    if (!source || !asOf) return;
    const metrics = source.metrics;
    for (;;) {
      // A macrotask between slices: calls posted meanwhile queue ahead of the next slice.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const done = await this.exclusive(async () => {
        if (this.source !== source || this.asOf !== asOf || source.metrics !== metrics) return true;
        const specs = [...metrics, ...this.workbook.sliSpecs];
        return asOf.fillHistories(specs, this.contextAt(end), AHEAD_SLICE_MS);
      }).catch(() => true);
      if (done) return;
    }
  }

  async timeAfter(time: number, records: number): Promise<number> {
    if (!Number.isFinite(time) || !Number.isFinite(records)) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `timeAfter: invalid arguments (time ${time}, records ${records})`,
      );
    }
    return this.source ? this.source.tape.timeAfter(time, records) : time;
  }

  query(sql: string, maxRows?: number): Promise<QueryResult> {
    return this.exclusive(async () => {
      try {
        const table = readOnlyQuery(this.conn, sql);
        if (maxRows !== undefined && table.numRows > maxRows) {
          return { ...toQueryResult(table.slice(0, maxRows)), totalRows: table.numRows };
        }
        return toQueryResult(table);
      } catch (err) {
        const shown = sql.length > 80 ? `${sql.slice(0, 80)}…` : sql;
        throw engineError('QUERY_FAILED', `query ${JSON.stringify(shown)}`, err);
      }
    });
  }

  /** The console query running now, for `cancelQuery`. */
  private consoleRun: ConsoleRun | null = null;

  consoleQuery(sql: string, maxRows?: number, time?: number | null): Promise<QueryResult> {
    return this.exclusive(async () => {
      const run: ConsoleRun = { cancelled: false };
      this.consoleRun = run;
      try {
        if (time !== undefined && time !== null) {
          const ctx = this.contextAt(time);
          const metrics = this.source?.metrics.map((spec) => this.run(spec, ctx)) ?? [];
          const slis = this.workbook.sliFrames(ctx, this.run);
          const alerts = this.workbook.alerts({ metrics, slis }, time);
          refreshResultTables(this.conn, metrics, alerts, new Set(this.source?.tables ?? []));
        }
        return await runConsoleQuery(this.conn, sql, run, maxRows);
      } catch (err) {
        const shown = sql.length > 80 ? `${sql.slice(0, 80)}…` : sql;
        throw engineError('QUERY_FAILED', `query ${JSON.stringify(shown)}`, err);
      } finally {
        this.consoleRun = null;
      }
    });
  }

  /** Not queued behind the query it cancels: answered between two of its steps. */
  async cancelQuery(): Promise<boolean> {
    if (!this.consoleRun) return false;
    this.consoleRun.cancelled = true;
    return true;
  }

  startLive(name: string): Promise<SourceSummary> {
    return this.exclusive(async () => {
      this.dropSource();
      const ingest = new LiveIngest(this.conn);
      this.live = { ingest, name, columns: '' };
      this.asOf = new AsOfRunner(this.conn, ingest.tape.tape(), true);
      clearRecordKinds(this.conn);
      this.source = { tape: ingest.tape.tape(), start: 0, tables: [], metrics: [], kinds: true };
      return {
        name,
        start: 0,
        end: 0,
        records: 0,
        partitions: [],
        malformedLines: [],
        malformedLineCount: 0,
        linesRead: 0,
        blankLines: 0,
        excludedRecords: 0,
        faults: [],
        faultCount: 0,
        tables: [],
        histogram: { start: 0, step: 1_000, counts: new Float64Array(0) },
        incidents: [],
        metrics: [],
      };
    });
  }

  appendLive(bytes: Uint8Array): Promise<LiveStatus> {
    return this.exclusive(async () => {
      const live = this.live;
      if (!live) {
        throw new EngineError('LIVE_FAILED', 'appendLive: no live source (call startLive first)');
      }
      let appended: number;
      const before = live.ingest.tape.streamTime;
      try {
        appended = await live.ingest.appendBytes(bytes);
      } catch (err) {
        throw engineError(
          'LIVE_FAILED',
          `live source "${live.name}": batch of ${bytes.length} bytes`,
          err,
        );
      } finally {
        const { ingest } = live;
        const columns = ingest.columns();
        // Compiling the workbook probes the tables: only when a topic or field is new.
        const key = JSON.stringify([...columns].map(([t, c]) => [t, [...c]]));
        const tables = ingest.tables();
        const metrics =
          key === live.columns
            ? (this.source?.metrics ?? [])
            : this.workbook.attach(columns, ingest.start, [], tables);
        if (key !== live.columns) {
          this.asOf?.clear();
          this.deltas.reset();
        }
        live.columns = key;
        addRecordKinds(this.conn, ingest.takeKinds());
        this.source = {
          tape: ingest.tape.tape(),
          start: ingest.start,
          tables: [...tables.values()],
          topics: [...tables].map(([topic, table]) => ({ topic, table })),
          metrics,
          kinds: true,
        };
        this.asOf?.advance(this.source.tape, before ?? -Infinity);
      }
      const { ingest } = live;
      return {
        name: live.name,
        appended,
        records: ingest.tape.records,
        start: ingest.start,
        end: ingest.end,
        streamTime: ingest.tape.streamTime,
        partitions: ingest.partitionStats(),
        malformedLines: ingest.malformedLines.map(({ line, reason }) => ({ line, reason })),
        malformedLineCount: ingest.malformedLineCount,
        tables: [...ingest.tables()].map(([topic, table]) => ({ topic, table })),
        metrics: this.source!.metrics.map(metricInfo),
      };
    });
  }

  loadWorkbook(text: string, name: string): Promise<WorkbookSummary> {
    return this.exclusive(async () => {
      const summary = this.workbook.load(text, name);
      if (summary.accepted && this.source) this.source.metrics = this.workbook.specs;
      if (summary.accepted) {
        this.asOf?.clear();
        this.deltas.reset();
      }
      return summary;
    });
  }

  async getWorkbook(): Promise<string> {
    return this.workbook.source;
  }

  checkWorkbook(text: string, name: string): Promise<WorkbookIssue[]> {
    return this.exclusive(async () => this.workbook.check(text, name));
  }

  sli(id: string, time: number): Promise<SliDetail> {
    return this.exclusive(async () => this.workbook.sli(id, this.contextAt(time), this.run));
  }

  alerts(time: number): Promise<AlertRuleResult[]> {
    return this.exclusive(async () => {
      const ctx = this.contextAt(time);
      const metrics = this.source?.metrics.map((spec) => this.run(spec, ctx)) ?? [];
      return this.workbook.alerts({ metrics, slis: this.workbook.sliFrames(ctx, this.run) }, time);
    });
  }

  traces(
    time: number,
    options?: Partial<TraceOptions>,
    filter?: TraceListFilter,
  ): Promise<TraceReport> {
    return this.exclusive(async () => {
      const ctx = this.contextAt(time);
      try {
        return this.traceJoin().report(checkedTraceOptions(options), ctx.delivered, time, filter);
      } catch (err) {
        throw engineError('COMPUTE_FAILED', `traces at ${describeTimestamp(time)}`, err);
      }
    });
  }

  trace(key: string, time: number, options?: Partial<TraceOptions>): Promise<TraceDetail> {
    return this.exclusive(async () => {
      const ctx = this.contextAt(time);
      try {
        return this.traceJoin().detail(checkedTraceOptions(options), key, ctx.delivered);
      } catch (err) {
        throw engineError('COMPUTE_FAILED', `trace ${JSON.stringify(key)}`, err);
      }
    });
  }

  traceDetails(
    time: number,
    options?: Partial<TraceOptions>,
    filter?: TraceListFilter,
  ): Promise<TraceDetail[]> {
    return this.exclusive(async () => {
      const ctx = this.contextAt(time);
      try {
        return this.traceJoin().details(checkedTraceOptions(options), ctx.delivered, filter);
      } catch (err) {
        throw engineError('COMPUTE_FAILED', `traces at ${describeTimestamp(time)}`, err);
      }
    });
  }

  records(query: RecordQuery): Promise<RecordPage> {
    return this.exclusive(async () => {
      const delivered = query.time === null ? null : this.contextAt(query.time).delivered;
      try {
        const source = this.source;
        return recordPage(this.conn, source?.topics ?? [], delivered, query, !!source?.kinds);
      } catch (err) {
        throw engineError('QUERY_FAILED', 'records', err);
      }
    });
  }

  recordSource(seq: number): Promise<RecordSource> {
    // Not in the queue: it reads the source file, not DuckDB, and a gzip one may take a while.
    const lines = this.source?.lines ?? null;
    return recordSource(lines, seq).catch((err: unknown) => {
      throw engineError('QUERY_FAILED', `record ${seq}`, err);
    });
  }

  /** The trace join over the loaded source's tables (none without a source). */
  private traceJoin(): TraceJoin {
    return new TraceJoin(this.conn, this.source?.topics ?? []);
  }

  /**
   * Whether rows of a snapshot are still to insert (`loadSnapshot`; for tests and the benchmark,
   * not part of the contract).
   */
  get rowsPending(): boolean {
    return this.pending !== null;
  }

  /** The SQL statements the last `explain` ran (for the benchmark; not part of the contract). */
  lastExplainSql: string[] = [];

  explain(request: ExplainRequest): Promise<Explanation> {
    return this.exclusive(async () => {
      const what = `explain "${request.metric}" [${request.from}, ${request.to})`;
      if (this.workbook.seriesSource)
        throw new EngineError('NOT_COMPUTED', `${what}: a series file has no records to explain`);
      const source = this.source;
      const attached = this.workbook.attachedSource();
      if (!source || !attached) throw new EngineError('NOT_COMPUTED', `${what}: no source loaded`);
      for (const [name, v] of Object.entries({ from: request.from, to: request.to })) {
        if (!Number.isFinite(v)) throw invalidTime(`${what}: ${name}`, v);
      }
      const ctx = this.contextAt(request.time);
      this.lastExplainSql = [];
      try {
        const last = this.lastFrame;
        const shown =
          last && last.source === source && last.specs === source.metrics && last.time === ctx.time
            ? last.metrics
            : null;
        const frames = source.metrics.map((spec, i) => ({
          frame: shown?.[i] ?? this.run(spec, ctx),
          stepMs: spec.stepMs,
        }));
        return explainWindow(this.conn, {
          request,
          workbook: this.workbook.workbook,
          ...attached,
          start: source.start,
          delivered: ctx.delivered,
          events: this.workbook.events(ctx.delivered),
          frames,
          onQuery: (sql) => this.lastExplainSql.push(sql),
        });
      } catch (err) {
        if (err instanceof RangeError)
          throw new EngineError('INVALID_ARGUMENT', `${what}: ${err.message}`);
        throw engineError('COMPUTE_FAILED', what, err);
      }
    });
  }

  /** One metric (or SLI) of the frame at `ctx`, each sample as known at its time (see `AsOfRunner`). */
  private readonly run = (spec: MetricSpec, ctx: MetricContext): MetricFrame => {
    const series = this.workbook.seriesSource;
    if (series) return seriesFrame(series, spec, ctx);
    return this.asOf ? this.asOf.frame(spec, ctx) : runMetric(this.conn, spec, ctx);
  };

  /** The metric context of replay time `time` (nothing delivered without a source). */
  private contextAt(time: number): MetricContext {
    if (!Number.isFinite(time)) throw invalidTime('replay time', time);
    const source = this.source;
    const delivered = source ? source.tape.delivered(time) : 0;
    return { delivered, time, start: source?.start ?? time, graceMs: GRACE_MS };
  }

  /** Closes the connection; the engine is unusable afterwards. */
  close(): void {
    this.source = null;
    this.conn.close();
  }

  private ingestScenario(scenario: GeneratedScenario, onProgress?: ProgressFn): SourceSummary {
    const { records, name, incidents } = scenario;
    try {
      return this.ingestRecords(records, name, incidents, onProgress);
    } catch (err) {
      throw engineError('SOURCE_FAILED', `scenario "${name}"`, err);
    }
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

  /** With `checkpoints`, the ingest streams into DuckDB (see `Ingest`). */
  private startLoad(checkpoints: CheckpointBudget | null = null): Ingest {
    this.dropSource();
    return new Ingest(this.conn, INSERT_BATCH_ROWS, checkpoints);
  }

  /** Drops the loaded source's tables (a live source's too). */
  private dropSource(): void {
    if (this.source) {
      for (const table of this.source.tables) {
        this.conn.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      }
    }
    if (this.source?.kinds) clearRecordKinds(this.conn);
    this.source = null;
    this.pending = null;
    this.asOf = null;
    this.live = null;
    this.deltas.reset();
    this.workbook.detach();
  }

  private finishLoad(
    ingest: Ingest,
    name: string,
    incidents: Incident[],
    onProgress?: ProgressFn,
    recording?: Uint8Array | Blob,
  ): SourceSummary {
    onProgress?.({ phase: 'index', done: 0, total: 1 });
    const result = ingest.finish();
    onProgress?.({ phase: 'index', done: 1, total: 1 });
    this.options.onIngest?.(result);
    return this.openSource(result, name, incidents, recording);
  }

  /**
   * Makes the ingested `result` the loaded source: compiles the workbook for it and returns its
   * summary (`traceContext` when known, else counted over the tables).
   */
  private openSource(
    result: IngestResult,
    name: string,
    incidents: Incident[],
    recording?: Uint8Array | Blob,
    traceContext?: TraceContextStats,
  ): SourceSummary {
    const metrics = this.workbook.attach(result.topics, result.start, incidents, result.tables);
    const tables = [...result.tables.values()];
    const topics = [...result.tables].map(([topic, table]) => ({ topic, table }));
    storeRecordKinds(this.conn, result.kinds);
    const lines = recording && result.lines ? { source: recording, ...result.lines } : null;
    this.source = {
      tape: result.tape,
      start: result.start,
      tables,
      topics,
      metrics,
      kinds: true,
      lines,
    };
    this.asOf = new AsOfRunner(this.conn, result.tape, false, !this.options.recomputeFrames);
    return {
      name,
      start: result.start,
      end: result.end,
      records: result.tape.records,
      partitions: result.partitions,
      malformedLines: [],
      malformedLineCount: 0,
      linesRead: result.linesRead,
      blankLines: result.blankLines,
      excludedRecords: result.excludedRecords,
      faults: result.faults,
      faultCount: result.faultCount,
      tables: topics,
      traceContext: traceContext ?? traceContextStats(this.conn, topics),
      histogram: histogram(result.timestamps, result.start, result.end),
      incidents: this.workbook.incidents(),
      metrics: metrics.map(metricInfo),
      events: this.workbook.events(),
    };
  }

  /**
   * Runs `work` after the calls before it. Unless it says it needs no more (`whole` false: the
   * loads, and frames, which insert what they read), a snapshot's rows are all inserted first.
   */
  private exclusive<T>(work: () => Promise<T>, whole = true): Promise<T> {
    const go = whole
      ? async () => {
          this.insertRowsFor(Infinity);
          return work();
        }
      : work;
    const run = this.queue.then(go, go);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Trace options with defaults; bad ones are the caller's error (`INVALID_ARGUMENT`). */
function checkedTraceOptions(options?: Partial<TraceOptions>): TraceOptions {
  try {
    return traceOptions(options);
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', (err as Error).message);
  }
}

function invalidTime(what: string, time: number): EngineError {
  return new EngineError(
    'INVALID_ARGUMENT',
    `${what}: invalid time ${time} (expected ms since epoch)`,
  );
}
