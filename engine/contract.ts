import type { Incident } from '../formats/index.ts';
import type { KitchenParams } from '../scenarios/index.ts';

/**
 * The engine's whole contract: one typed interface, served by the web worker through comlink
 * and by `createNodeEngine()` in Node. Everything that crosses it is plain data and typed
 * arrays (transferred, not cloned).
 */
export interface EngineApi {
  /** Generates a scenario inside the engine and loads it as the replay source. */
  loadScenario(params: Partial<KitchenParams>, onProgress?: ProgressFn): Promise<SourceSummary>;
  /**
   * Loads a recording (kcat `-J` NDJSON, plain or gzip) as the replay source. `labels` is the
   * optional `<name>.labels.json` text. Malformed lines are counted and reported, never fatal.
   * A `Blob` (a picked `File`) is read as a stream in the engine, never whole: pass the file,
   * not its bytes, for anything large (a worker message cannot carry over 2 GB).
   */
  loadRecording(
    source: Uint8Array | Blob,
    name: string,
    labels?: string,
    onProgress?: ProgressFn,
  ): Promise<SourceSummary>;
  /**
   * Loads a series file (`metric, series, time_ms, value` as CSV with a header or Parquet: what
   * `tapedeck export series` and `tapedeck flink run` write) as the source, in place of records:
   * the active workbook's metrics and SLIs it has series of, over its span (first window start
   * to last sample). `labels` as for a recording. Charts, alerts and SLIs work on the series;
   * there are no records (events, SQL, traces and explanations find none).
   */
  loadSeries(bytes: Uint8Array, name: string, labels?: string): Promise<SourceSummary>;
  /**
   * The metrics as of replay time `time` (ms since epoch): only records delivered by then
   * count, windows are `[start, end)` aligned to the epoch, and late records are reported.
   */
  frame(time: number): Promise<Frame>;
  /**
   * The frame at `time` (as `frame`) as changes to the one the caller holds: how the app asks
   * for frames, so that while playing only the samples that changed cross the worker boundary.
   * `since` is the `token` of the last delta the caller applied (null: it holds none). When it
   * is the engine's last answer to `frameDelta`, the delta carries, per series, how many of the
   * held samples stay (`keep`: the longest prefix whose times and values are unchanged) and
   * the samples after them: a step forward appends the newly finished samples and replaces the
   * open window's; a seek backwards truncates; an as-of value that changed resends from it.
   * Otherwise (`since` null or older, a new load, a workbook applied, a live topic or field
   * that changed the metrics) the answer is a full frame: `base` null, every `keep` 0.
   * `applyFrameDelta` (app/lib/frame-deltas.ts) rebuilds the full `Frame` from it.
   */
  frameDelta(time: number, since: number | null): Promise<FrameDelta>;
  /**
   * Computes each metric over the whole loaded source now, so that frames anywhere in it are
   * slices of that computation (DESIGN "Replay"); until then frames near the start compute
   * only what they show. Call it once the first frame after a load is on screen. The app's
   * engine goes on to compute the as-of histories of the metrics that need one query per sample
   * time (raw SQL, hopping windows) to the source's end, in slices between the other calls; the
   * promise settles once those are done too (or given up for a newer load or workbook).
   */
  prepare(): Promise<void>;
  /**
   * For "as fast as possible": the replay time reached after delivering `records` more records
   * past `time`. Lets the clock advance by work done instead of by wall time.
   */
  timeAfter(time: number, records: number): Promise<number>;
  /**
   * Runs read-only SQL against the loaded tables (for tests, the CLI and the SQL console). With
   * `maxRows`, at most that many rows cross back and `totalRows` says how many there were.
   */
  query(sql: string, maxRows?: number): Promise<QueryResult>;
  /**
   * The SQL console's query: as `query`, run step by step so `cancelQuery` can stop it. With
   * `time`, the tables `metric_series(metric, series, time, value)` and
   * `alert_intervals(rule, kind, series, start, end, firing)` are first refreshed to the metrics
   * and firing intervals as of that replay time. An error's `LINE n:` excerpt and caret point at
   * `sql` itself. The result names each column's Arrow type (`types`).
   */
  consoleQuery(sql: string, maxRows?: number, time?: number | null): Promise<QueryResult>;
  /** Cancels the running `consoleQuery` (it fails with "query cancelled"); false if none runs. */
  cancelQuery(): Promise<boolean>;
  /**
   * One page of the loaded source's records in delivery order (the events browser): those
   * delivered by replay time `query.time` (every record when null), filtered by topic,
   * partition, key, text and timestamp range, or only those with a fault.
   */
  records(query: RecordQuery): Promise<RecordPage>;
  /**
   * Record `seq` (a delivery index) as its recording holds it: its line, read again from the
   * source (not kept in memory: only each record's line offset is), and its value exactly as
   * written there. A live or generated source has no such text (`unavailable` says so).
   */
  recordSource(seq: number): Promise<RecordSource>;
  /**
   * Starts a live source in place of the loaded one, empty until `appendLive` feeds it. Records
   * are delivered in arrival order; stream time is the running maximum of their timestamps, so
   * `frame(Date.now())` shows what has arrived (live mode: the clock follows the wall clock).
   */
  startLive(name: string): Promise<SourceSummary>;
  /**
   * Appends one batch to the live source: plain kcat `-J` NDJSON lines, as the bridge's batch
   * frames carry them (`connectLive`'s `onBatch`). Transfer the bytes. Tables gain columns as new
   * fields appear; malformed lines are counted with their line number in the live stream.
   */
  appendLive(bytes: Uint8Array): Promise<LiveStatus>;

  /* The workbook (engine/workbook): what is computed, and the alert rules over it. */

  /**
   * Validates a workbook (YAML or JSON) and makes it the active one: the loaded source is
   * recompiled at once, and later loads use it. A bad workbook is not thrown: the answer has
   * `accepted: false` and `issues` (field path, line, reason), and the previous workbook stays
   * active. The bundled `workbooks/kitchen.yaml` is active until then.
   */
  loadWorkbook(text: string, name: string): Promise<WorkbookSummary>;
  /** The active workbook's text exactly as loaded (for download). */
  getWorkbook(): Promise<string>;
  /**
   * What `loadWorkbook` would reject `text` for (the same checks: YAML, schema, references, SQL
   * on DuckDB), without making it active: empty when it would be taken. For validating as a
   * user types.
   */
  checkWorkbook(text: string, name: string): Promise<WorkbookIssue[]>;
  /**
   * One SLI of the active workbook as of replay time `time`: minute series, summary, rolling
   * SLI over its period and burn rates. Throws when the loaded source cannot compute it.
   */
  sli(id: string, time: number): Promise<SliDetail>;
  /** Every alert rule of the active workbook evaluated up to replay time `time`. */
  alerts(time: number): Promise<AlertRuleResult[]>;
  /**
   * What changed in a window (a firing interval, an incident, a brushed stretch of a chart)
   * against a baseline, as known at replay time `request.time` (records delivered by then): the
   * system events, change points, dimension values, mix and rate, and order stage behind it.
   */
  explain(request: ExplainRequest): Promise<Explanation>;

  /* Trace joins (engine/traces): records followed across topics by traceparent and business key. */

  /**
   * The traces as of replay time `time` (records delivered by then): the hop table, the breaks
   * by hop and kind, counts, and the list of traces (one per business key) passing `filter`.
   */
  traces(
    time: number,
    options?: Partial<TraceOptions>,
    filter?: TraceListFilter,
  ): Promise<TraceReport>;
  /** One business key's trace as of `time`, stitched across its pieces: its records in hop order. */
  trace(key: string, time: number, options?: Partial<TraceOptions>): Promise<TraceDetail>;
  /**
   * Every trace passing `filter` as of `time` with its records (latest start first, at most
   * `options.listLimit`): what the Jaeger and OTLP exports write.
   */
  traceDetails(
    time: number,
    options?: Partial<TraceOptions>,
    filter?: TraceListFilter,
  ): Promise<TraceDetail[]>;
}

/** Where a live source stands after an append. */
export interface LiveStatus {
  name: string;
  /** records this append added */
  appended: number;
  /** the DuckDB table of each topic so far (see `SourceSummary.tables`) */
  tables: { topic: string; table: string }[];
  /** records in the source */
  records: number;
  /** first and last record timestamp so far (0 before any) */
  start: number;
  end: number;
  /** the largest timestamp so far: `frame(streamTime)` counts every record; null before any */
  streamTime: number | null;
  partitions: PartitionStats[];
  /** lines of the live stream that were not records (first 1000), numbered from its first line */
  malformedLines: { line: number; reason: string }[];
  malformedLineCount: number;
  /** the metrics the topics and fields seen so far allow, in display order */
  metrics: MetricInfo[];
}

/** Progress of long work: `done` of `total` units of `phase`. */
export type ProgressFn = (p: { phase: string; done: number; total: number }) => void;

export interface SourceSummary {
  name: string;
  /** first and last record timestamp, ms since epoch */
  start: number;
  end: number;
  records: number;
  partitions: PartitionStats[];
  /** Lines of a recording that could not be read, with their 1-based line numbers (first 1000). */
  malformedLines: { line: number; reason: string }[];
  malformedLineCount: number;
  /**
   * Lines of a recording read, blank ones included (for a scenario or in-memory records: the
   * records given). Every line is one of: a record replayed (`records`), a record left out
   * (`excludedRecords`), a malformed line (`malformedLineCount`) or a blank line (`blankLines`).
   */
  linesRead?: number;
  /** empty or whitespace-only lines: skipped, neither records nor malformed */
  blankLines?: number;
  /**
   * Records read but left out of the replay, its time range and every grid: a repeat of an
   * earlier record's topic, partition and offset, or an outlier timestamp. Each is in `faults`.
   */
  excludedRecords?: number;
  /**
   * Records with a fault, with their 1-based line numbers (first 1000, in line order): left out
   * (`duplicate`, `outlier`) or loaded with U+FFFD in place of text that was not valid UTF-8.
   */
  faults?: RecordFault[];
  faultCount?: number;
  /**
   * The DuckDB table of each topic, in order of first appearance: the topic's own name, unless
   * an earlier topic's table has it ignoring case (`ORDERS` after `orders` → `ORDERS (2)`) or
   * it holds text a table name cannot (lone surrogates, NUL → U+FFFD). SQL reads these names.
   */
  tables?: { topic: string; table: string }[];
  /** Record volume over the whole source, for the timeline. `counts[i]` covers `[start + i*step, …)`. */
  histogram: { start: number; step: number; counts: Float64Array };
  /** the source's labels merged with the active workbook's incidents (a workbook label wins on an equal id) */
  incidents: Incident[];
  /** the metrics this source computes, in display order */
  metrics: MetricInfo[];
  /** system events (the workbook's `events` topic, e.g. infra-events), in time order */
  events?: SystemEvent[];
  /** the records' `traceparent` headers by topic and class, with the malformed ones listed */
  traceContext?: TraceContextStats;
  /**
   * a series file's source (`loadSeries`): its samples and the workbook's metrics and SLIs it
   * lacks; its `records` count the distinct sample times (what a replay of it delivers, one by
   * one), and it has no partitions
   */
  series?: { samples: number; unavailable: { id: string; reason: string }[] };
}

/**
 * Counts per topic and partition. Offsets are decimal strings: int64 stays exact. `records` and
 * the counts of kinds of value or timestamp are of the records replayed; `duplicates` and
 * `outliers` count the records left out, `firstOffset`/`lastOffset` span every record read.
 */
export interface PartitionStats {
  topic: string;
  partition: number;
  records: number;
  firstOffset: string;
  lastOffset: string;
  /** values that are text but not valid JSON (kept as raw text) */
  malformed: number;
  tombstones: number;
  /**
   * binary values: base64 (`"payload_encoding":"base64"`), or a value that is neither JSON nor
   * text (it holds a control character other than tab, LF, CR; or U+FFFD, which kcat writes for
   * bytes that are not UTF-8)
   */
  binary: number;
  noTimestamp: number;
  /** records whose timestamp is earlier than their predecessor's in the same partition */
  outOfOrder: number;
  /** records whose text was not valid UTF-8 (or held a lone surrogate): loaded with U+FFFD in its place */
  invalidUtf8: number;
  /** records left out: the offset of an earlier record of the partition again */
  duplicates: number;
  /** records left out: a timestamp before 1970, after 2200 or far from the bulk (see `faults`) */
  outliers: number;
}

/** What is wrong with a record (see `SourceSummary.faults`). */
export type RecordFaultKind = 'invalid-utf8' | 'duplicate' | 'outlier';

/** A record with a fault: where it is, what is wrong, and whether it was left out. */
export interface RecordFault {
  /** 1-based line of the recording (for in-memory records: the record's position) */
  line: number;
  kind: RecordFaultKind;
  /** e.g. `duplicate of line 12 (orders partition 0 offset 42): left out of the replay` */
  reason: string;
  topic: string;
  partition: number;
}

export interface MetricInfo {
  id: string;
  title: string;
  /** unit of the value axis, e.g. `orders`, `ratio`, `s`, `minutes` */
  unit: string;
  /** window length (ms) or evaluation interval (ms) of the series */
  stepMs: number;
  description: string;
  /** the default alert rule drawn on this metric's chart */
  alert: ThresholdRule;
  /**
   * the workbook marks it `final_only`: its past samples are shown as known at the replay time
   * (later records may still change them), and no alert rule may read it
   */
  finalOnly?: boolean;
}

export type Comparison = '>' | '>=' | '<' | '<=';

/**
 * A Prometheus-style threshold rule: `value <op> threshold` held for `forMs`, still firing for
 * `keepFiringForMs` after the condition clears, evaluated every `everyMs` (default: the metric's
 * step).
 */
export interface ThresholdRule {
  op: Comparison;
  threshold: number;
  forMs: number;
  keepFiringForMs?: number;
  everyMs?: number | null;
}

/** A firing interval `[start, end)` in evaluation time (ms); `end` is null while still firing. */
export interface FiringInterval {
  series: string;
  start: number;
  end: number | null;
}

/**
 * One labelled line of a metric: sample `i` is `values[i]` at `times[i]` (NaN = no value).
 * `times[i]` is when the value became known, as in Prometheus: the window's end for a windowed
 * metric (the sample at `t` covers `[t - window, t)`), the evaluation instant for a state metric.
 */
export interface Series {
  label: string;
  times: Float64Array;
  values: Float64Array;
}

export interface MetricFrame {
  id: string;
  series: Series[];
  /** records that arrived after their window had closed (excluded from the window, as in Kafka Streams) */
  late: number;
}

export interface Frame {
  time: number;
  /** records delivered up to `time` */
  delivered: number;
  metrics: MetricFrame[];
  /** the active workbook's SLIs the source computes */
  slis?: SliFrame[];
  /**
   * the system events delivered by `time` (records of the workbook's `events` topic that replay
   * has delivered), in time order: what a chart's time axis may show at the replay time
   */
  events?: SystemEvent[];
}

/**
 * A frame as changes to an earlier one (`EngineApi.frameDelta`): its own fields as in `Frame`,
 * its metrics and SLIs (all of them, in order) with series as changes to the series of the same
 * metric or SLI id and label in the base frame, and the events as a count kept plus those
 * added. A metric, SLI or series not in the base counts from nothing (`keep` 0); one of the base
 * not listed is gone. With `base` null nothing is kept.
 */
export interface FrameDelta extends Omit<Frame, 'metrics' | 'slis' | 'events'> {
  /** names this frame: the `since` of the next request */
  token: number;
  /** the token of the frame the changes apply to; null when this is a full frame */
  base: number | null;
  metrics: MetricDelta[];
  slis?: SliDelta[];
  events?: { keep: number; added: SystemEvent[] };
}

/** A metric of a `FrameDelta`: as in `MetricFrame`, its series as changes. */
export interface MetricDelta extends Omit<MetricFrame, 'series'> {
  series: SeriesDelta[];
}

/** An SLI of a `FrameDelta`: as in `SliFrame`, its minutes as changes. */
export interface SliDelta extends Omit<SliFrame, 'minutes'> {
  minutes: SeriesDelta;
}

/**
 * One series of a `FrameDelta`: the base series' first `keep` samples, then `times`/`values`
 * (the series is `keep + times.length` samples long).
 */
export interface SeriesDelta {
  label: string;
  keep: number;
  times: Float64Array;
  values: Float64Array;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  /** the rows the query returned, when `maxRows` left some out */
  totalRows?: number;
  /** each column's Arrow type (`Utf8`, `Float64`, `Timestamp<MILLISECOND>`…), from `consoleQuery` */
  types?: string[];
}

/** What `records` asks for: the filters (null or absent: any) and the page. */
export interface RecordQuery {
  /** replay time: only records delivered by then; null: every record of the source */
  time: number | null;
  topic?: string | null;
  partition?: number | null;
  /** the record key, exactly */
  key?: string | null;
  /** text the key, value (any JSON field) or traceparent contains, ignoring case */
  text?: string | null;
  /** record timestamps in `[from, to)` (ms) */
  from?: number | null;
  to?: number | null;
  /**
   * only records with a fault: no timestamp, out of order, a value that is not a JSON object
   * (bad JSON, binary, a scalar or array), a tombstone or `{}`, or duplicated
   */
  faultsOnly?: boolean;
  /**
   * a DuckDB condition over each topic's table (its columns: `_partition`, `_offset`, `_ts`,
   * `_key`, `_traceparent`, `_value`, `_headers`, `_stream_ts`, the JSON fields; and `_ooo` out
   * of order, `_empty` tombstone or `{}`, `_tombstone` a null value, `_binary` base64 or not
   * text, `_bad_json` text that is not JSON, `_duplicated` a later copy of its offset was left
   * out; `header(_headers, 'name')` reads a header). A topic whose table lacks a column it names
   * has no match; when every topic lacks it, the error says so.
   */
  where?: string | null;
  /** rows to skip, in delivery order */
  offset: number;
  /** rows to return (at most 500) */
  limit: number;
}

/** One record as the events browser shows it. */
export interface RecordRow {
  /** delivery index across the source */
  seq: number;
  topic: string;
  partition: number;
  /** decimal text: int64 stays exact */
  offset: string;
  /** record timestamp (ms), null when it had none */
  time: number | null;
  key: string | null;
  /** the record's first `traceparent` header */
  traceparent: string | null;
  /** every header, in order, as `[name, value]` (a null value as null) */
  headers: [string, string | null][];
  /** its W3C trace id, null when missing, malformed or all zeros */
  traceId: string | null;
  /** the value: a JSON object as JSON text, else the raw text (base64 for a binary value); null for a tombstone */
  value: string | null;
  valueIsJson: boolean;
  /** what is wrong with it, in words (empty when nothing) */
  faults: string[];
}

/** A record's text in its recording (`EngineApi.recordSource`). */
export interface RecordSource {
  seq: number;
  /** 1-based line of the recording; null when unavailable */
  line: number | null;
  /** that line as read (the kcat `-J` envelope), without its line ending; null when unavailable */
  text: string | null;
  /**
   * the value as the line holds it: kcat's `payload` text, exactly as the producer's bytes were
   * written (kcat puts U+FFFD for bytes that are not UTF-8), or its base64; null for a tombstone
   * or when unavailable
   */
  value: string | null;
  /** the value is base64 (`"payload_encoding":"base64"`) */
  base64: boolean;
  /** why there is no text (a live stream, generated records), else null */
  unavailable: string | null;
}

/** A page of records and how many match the filters in all. */
export interface RecordPage {
  total: number;
  offset: number;
  rows: RecordRow[];
}

/* The workbook as it crosses the contract (parsed and validated; see engine/workbook/). */

/**
 * A parsed, validated workbook (see `workbooks/kitchen.yaml` and `schema.ts` for the file
 * format). Durations are milliseconds here (`…Ms`) and strings such as `5m` in the file;
 * incident times are ms since epoch here and ISO strings in the file. Plain data only, so a
 * workbook crosses the worker boundary as is.
 */
export interface Workbook {
  /** the `name:` field, else the name the workbook was loaded under */
  name: string;
  description: string;
  options: WorkbookOptions;
  /** in display order (unless `charts` orders them) */
  metrics: MetricDef[];
  slis: SliDef[];
  alerts: AlertRuleDef[];
  /** incident labels drawn by the user; merged with a recording's labels (see `mergeIncidents`) */
  incidents: Incident[];
  backtest: BacktestOptions;
  /** chart groups, in display order; empty = one chart per metric, in `metrics` order */
  charts: ChartGroup[];
  /** where system events (seed 004) come from; null = none */
  events: EventSourceDef | null;
  /** an order's lifecycle, for the explanation's stage breakdown (seed 000); null = none */
  stages: StageDef | null;
  /**
   * the fields that slice the business (region, aggregator…), for explanations' dimension values;
   * empty = every text or whole-number field with 2 to 60 values in the window and baseline
   */
  dimensions: string[];
  /**
   * the events browser's saved filters (`filters:`), in file order; each can be picked again in
   * the browser
   */
  filters: SavedFilter[];
}

/**
 * A filter of the events browser kept in the workbook: a topic (null: all), free text over key,
 * value and headers (null: none) and DuckDB conditions, ANDed (see `RecordQuery.where`).
 */
export interface SavedFilter {
  /** unique in the workbook */
  name: string;
  topic: string | null;
  text: string | null;
  where: string[];
}

/**
 * A lifecycle on one topic: records of one `key` go through `steps` in order (each a value of
 * the `status` field); a stage's time runs from the previous step's first record to its own.
 * `failures` are statuses that end a key at a step (REJECTED at `accepted`, say).
 */
export interface StageDef {
  topic: string;
  key: string;
  status: string;
  steps: { name: string; status: string }[];
  failures: { status: string; step: string }[];
}

export interface WorkbookOptions {
  /** how long after its end a window still accepts records (Kafka Streams' grace period); default 0 */
  graceMs: number;
  /** most series one alert rule evaluates before it reports an error instead; default 100 */
  maxSeriesPerRule: number;
}

/** What every metric shows on its chart. */
export interface MetricBase {
  id: string;
  title: string;
  /** unit of the value axis, e.g. `orders`, `ratio`, `s` */
  unit: string;
  description: string;
  /** value of a sample with no data: 0 for count, sum and count_distinct, else NaN (default) */
  missing: number;
}

/**
 * A window `[s, s + sizeMs)` for every `s = k·hopMs` (epoch aligned): tumbling when
 * `hopMs === sizeMs`, hopping when smaller (`sizeMs` is then a whole multiple of `hopMs`).
 * Series samples sit at window ends, every `hopMs`.
 */
export interface WindowDef {
  sizeMs: number;
  hopMs: number;
}

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'quantile' | 'count_distinct';

/**
 * One aggregate of a topic's records: `fn` over the field `field` or the SQL expression `expr`
 * (neither for `count`, exactly one otherwise), of the records passing `filter`.
 */
export interface AggregateTerm {
  fn: AggregateFn;
  /** a top-level JSON field (column) name */
  field: string | null;
  /** a SQL expression over the topic's columns */
  expr: string | null;
  /** quantile in (0, 1), for `fn: quantile` only */
  q: number | null;
  /** a SQL boolean over the topic's columns; null = every record */
  filter: string | null;
}

/** Windowed aggregate over one topic: one series per combination of `by` values. */
export interface AggregateMetric extends MetricBase, AggregateTerm {
  kind: 'aggregate';
  topic: string;
  /** group-by fields; series label = their values joined with ` · ` (`(none)` when absent) */
  by: string[];
  /** series label when `by` is empty; default `all` */
  label: string;
  window: WindowDef;
}

/** `numerator / denominator` per window and `by` values; NaN when the denominator is 0 or absent. */
export interface RatioMetric extends MetricBase {
  kind: 'ratio';
  topic: string;
  /** a filter both terms share (ANDed with each term's own) */
  filter: string | null;
  numerator: AggregateTerm & { topic: string };
  denominator: AggregateTerm & { topic: string };
  by: string[];
  label: string;
  window: WindowDef;
}

/**
 * Seconds each key has been in one of `values` of the `state` field, re-evaluated every
 * `everyMs` (seed 000: seconds each restaurant has been OFF). The clock starts at the first
 * event of the key's current run of matching states; NaN while in another state or unknown.
 */
export interface StateDurationMetric extends MetricBase {
  kind: 'state_duration';
  topic: string;
  /** the key field; one series per key value */
  key: string;
  state: string;
  values: string[];
  /** only records passing it are state events; null = every record with a state */
  filter: string | null;
  everyMs: number;
}

/** One end of a latency pair. */
export interface LatencyEnd {
  topic: string;
  /** the correlation field (e.g. `orderId`; `_key` for the Kafka key) */
  key: string;
  filter: string | null;
}

export type LatencyStat = 'p50' | 'p90' | 'p95' | 'p99' | 'avg' | 'min' | 'max' | 'count';

/**
 * Seconds from the first `from` record to the first `to` record with the same key (pairs with
 * `to` before `from` are dropped), aggregated per window of the `to` record by `stats`, one
 * series per `by` value combination of the `to` record (label suffixed ` · <stat>` when there
 * is more than one stat).
 */
export interface LatencyMetric extends MetricBase {
  kind: 'latency';
  from: LatencyEnd;
  to: LatencyEnd;
  stats: LatencyStat[];
  by: string[];
  label: string;
  window: WindowDef;
}

/**
 * Raw SQL over the topic tables (each restricted to the records delivered by replay time)
 * returning `window_start` (ms, window sampling) or `t` (ms, instant sampling), an optional
 * `dimension` (series label) and `value` (DOUBLE).
 */
export interface SqlMetric extends MetricBase {
  kind: 'sql';
  sql: string;
  /** `window_start` rows: samples at `window_start + sizeMs`, every `hopMs` */
  window: WindowDef | null;
  /** `t` rows: samples at multiples of `everyMs` */
  everyMs: number | null;
  label: string;
  /**
   * The query's past samples may change as later records arrive, and the engine is told not to
   * compute them as of each sample time: frames show them as known at the replay time, and no
   * alert rule may read the metric (a backtest would use hindsight). Default false: the engine
   * runs the query as of each sample time.
   */
  finalOnly: boolean;
  /**
   * How far back in record time the query reads (ms): computing the sample at time `t`, each
   * topic table holds the delivered records with `_ts ≥ t − lookbackMs` (at least those: one
   * query may serve several sample times at which the same records were delivered, reaching back
   * from the earliest); records without a timestamp drop out. Bounds the work of computing every
   * sample as of its own time; null = every delivered record.
   */
  lookbackMs: number | null;
}

/**
 * Trace joins as a metric (see `TraceOptions`), one series per hop labelled `from → to`, per
 * tumbling window of each hop's later record: `hop_latency` gives `stat` of the hops' latency
 * (seconds), `break_rate` the share of hops broken (any `TraceBreakKind` but `orphan`). Each
 * sample is computed as of its own time from the records delivered by then, reading records
 * stamped up to `lookbackMs` before it (a hop whose earlier record is older is not seen).
 */
export interface TraceMetric extends MetricBase {
  kind: 'trace';
  measure: 'hop_latency' | 'break_rate';
  /** for `hop_latency` */
  stat: LatencyStat;
  /** the business key (`TraceOptions.key`) */
  key: string;
  /** the topics followed, in flow order (at least one) */
  topics: string[];
  stage: string | null;
  window: WindowDef;
  lookbackMs: number;
}

export type MetricDef =
  AggregateMetric | RatioMetric | StateDurationMetric | LatencyMetric | SqlMetric | TraceMetric;

/**
 * A per-minute SLI over one topic (each minute gets a bad fraction: 1 bad, 0 good, NaN no data):
 * - `minutes`: a minute is bad when any of its records passes `bad` (seed 002), good when it
 *   has records and none does;
 * - `events`: the minute's bad fraction is `1 − good / total` of the records passing `total`.
 */
export interface SliDef {
  id: string;
  title: string;
  description: string;
  topic: string;
  kind: 'minutes' | 'events';
  /** for `minutes` */
  bad: string | null;
  /** for `events` */
  good: string | null;
  total: string | null;
  /** e.g. 0.999 */
  objective: number;
  /** the SLO period sizing the error budget, e.g. 30 days */
  periodMs: number;
  noData: NoDataPolicy;
}

/** Fields every alert rule has. */
export interface AlertBase {
  id: string;
  title: string;
  description: string;
  severity: 'page' | 'ticket';
  /** incident kinds this rule is meant to catch (backtests score against these; empty = all) */
  catches: string[];
  /**
   * false: the rule is scored against no incident (`scored: false` in the workbook): its alerts
   * are listed, never counted against recall; absent or true: scored against `catches`
   */
  scored?: boolean;
  /** incident scope key the rule's series are split by (backtest `ScopeMatch.dimension`) */
  scope: string | null;
  /** most series evaluated before the rule reports an error; default `options.maxSeriesPerRule` */
  maxSeries: number;
  /**
   * The rule's own backtest tolerances, where they differ from the workbook's `backtest.tolerance`
   * (`tolerance:` on the rule): a rule on a metric known only later (a delivery's time, known at
   * the door) can start only after the incident began to show.
   */
  tolerance?: { beforeMs?: number; afterMs?: number };
}

/** Prometheus-style `metric <op> value` held for `forMs`, per series. */
export interface ThresholdAlertDef extends AlertBase {
  kind: 'threshold';
  metric: string;
  op: Comparison;
  value: number;
  forMs: number;
  keepFiringForMs: number;
  /** evaluation interval; null = the metric's step */
  everyMs: number | null;
}

/** Multiwindow multi-burn-rate alert on an SLI (SRE workbook ch. 5). */
export interface BurnRateAlertDef extends AlertBase {
  kind: 'burn_rate';
  sli: string;
  pairs: BurnRatePair[];
  /** count a window only once full (see `evaluateBurnRateAlerts`); default false */
  fullWindowsOnly: boolean;
}

/** z-score of a metric against a rolling (optionally seasonal) baseline, per series. */
export interface AnomalyAlertDef extends AlertBase {
  kind: 'anomaly';
  metric: string;
  k: number;
  direction: 'both' | 'above' | 'below';
  /** baseline window length */
  windowMs: number;
  seasonal: { periodMs: number; periods: number } | null;
  minPoints: number | null;
  minStd: number;
  /** centre and spread: mean ± sample std, median ± 1.4826·MAD, or EWMA (`span` = the window) */
  baseline: 'mean' | 'median' | 'ewma';
  /** the deviation must also be at least this (metric unit), and this share of the centre */
  minDeviation: number;
  minRelativeDeviation: number;
  /** no alert before this long after the metric's first sample */
  warmUpMs: number;
  /** hysteresis: holds while |z| is past this once past `k`; null = `k` */
  clearK: number | null;
  forMs: number;
  keepFiringForMs: number;
  everyMs: number | null;
}

export type AlertRuleDef = ThresholdAlertDef | BurnRateAlertDef | AnomalyAlertDef;

/** How backtests match alerts to incidents (see `ScoreOptions`). */
export interface BacktestOptions {
  toleranceBeforeMs: number;
  toleranceAfterMs: number;
  flapMs: number;
}

/** One group of charts: the metrics (or SLIs) it shows, in order. */
export interface ChartGroup {
  title: string;
  /** metric or SLI ids */
  metrics: string[];
}

/** Where system events are read from: one event per record of `topic`. */
export interface EventSourceDef {
  topic: string;
  /** field holding the event type, e.g. `type` */
  type: string;
  /** field holding a human-readable detail, e.g. `detail` */
  detail: string;
  /** field naming what the event is about (e.g. `service`); null = none */
  source: string | null;
}

/** One problem in a workbook: the field (`metrics[2].window.size`), its 1-based line, the reason. */
export interface WorkbookIssue {
  path: string;
  line: number | null;
  message: string;
}

/** The outcome of one alert rule over a replay (see `evaluateWorkbookAlerts`). */
export interface AlertRuleResult {
  id: string;
  kind: AlertRuleDef['kind'];
  /** why the rule could not be evaluated (metric or SLI not computed, too many series); null if it was */
  error: string | null;
  /** series evaluated (one alert instance per series label) */
  series: number;
  /** firing intervals of every series, sorted by start then series; `end` null = still firing */
  intervals: FiringInterval[];
}

/** One SLI in a frame: its minute series and its service level so far. */
export interface SliFrame {
  id: string;
  /**
   * the bad fraction of each minute the SLI counts, at the minute's end (1 bad, 0 good, a
   * fraction for events SLIs, NaN no data, counted per `noData`): every finished minute (its end
   * at or before the replay time; the open minute is not here) from the source's first minute,
   * which is left out when the source covers it only in part and it has no data
   * (`countedMinutes`); label = SLI id
   */
  minutes: Series;
  /** records excluded as late */
  late: number;
  /** over the minutes so far, the error budget sized by the SLI's period */
  summary: SliSummary;
}

/** An SLI in depth (`Engine.sli`): the frame's view plus rolling and burn-rate series. */
export interface SliDetail extends SliFrame {
  /** SLI, bad minutes, budget left and burn rate over a trailing window of the SLI's period */
  rolling: RollingSli;
  /** burn rate over each window of the SLI's burn-rate rules (the standard pairs if it has none) */
  burnRates: { windowMinutes: number; series: Series }[];
}

/** A system event (seed 004) to draw on every chart's time axis. */
export interface SystemEvent {
  /** ms since epoch */
  time: number;
  type: string;
  detail: string;
  /** what the event is about (e.g. a service); null when the workbook names no such field */
  source: string | null;
}

/** What `loadWorkbook` answers: whether the text was taken, and the workbook now in force. */
export interface WorkbookSummary {
  /** false when the text was rejected: `issues` say why and the previous workbook stays active */
  accepted: boolean;
  issues: WorkbookIssue[];
  /** the active workbook */
  workbook: Workbook;
  /** the metrics shown, in display order: those the loaded source computes (all without a source) */
  metrics: MetricInfo[];
  /** metrics and SLIs the loaded source cannot compute, with the reason */
  unavailable: { id: string; reason: string }[];
  /** the loaded source's incident labels merged with the workbook's (see `mergeIncidents`) */
  incidents: Incident[];
}

/* SLI and burn-rate results (computed in engine/alerts/). */

/**
 * How a minute with no data (NaN) counts:
 * - `'exclude'` (default): it is neither good nor bad and is left out of the SLI's denominator,
 *   as a Prometheus ratio of `rate()`s only sees the samples that exist (it still spends no
 *   budget, which is sized by the period);
 * - `'good'`: it counts as a good minute (benefit of the doubt);
 * - `'bad'`: it counts as a bad minute (no data means the probe could not tell = downtime).
 * Only for minutes the source covers wholly: a first minute covered in part (the source starts
 * mid-minute) without data is left out under every policy, and the open minute never counts.
 */
export type NoDataPolicy = 'exclude' | 'good' | 'bad';

/** The SLI of one period. */
export interface SliSummary {
  /** minutes in the grid */
  minutes: number;
  /** minutes in the denominator (all of them unless `noData` is `'exclude'`) */
  dataMinutes: number;
  badMinutes: number;
  /** `1 − badMinutes / dataMinutes`; null with no data */
  sli: number | null;
  /** `(1 − objective) × periodMinutes`: 30 days at 99.9% allow 43.2 bad minutes */
  errorBudgetMinutes: number;
  /** `1 − badMinutes / errorBudgetMinutes`; negative once the budget is overspent */
  budgetLeft: number;
  /** `(badMinutes / dataMinutes) / (1 − objective)`; 1 spends the budget exactly over the period */
  burnRate: number | null;
}

/** Rolling SLI series; sample `i` covers minutes `i − window + 1 … i` of the grid. */
export interface RollingSli {
  sli: Series;
  badMinutes: Series;
  budgetLeft: Series;
  burnRate: Series;
}

/** One long/short window pair of a multiwindow multi-burn-rate alert. */
export interface BurnRatePair {
  name: string;
  longMinutes: number;
  shortMinutes: number;
  /** fires when both windows burn faster than this */
  factor: number;
  severity: 'page' | 'ticket';
}

/* Errors. */

/**
 * Why an engine call failed. Errors cross the worker boundary as plain data
 * (`{ name: 'EngineError', code, message, cause }`) and arrive as `Error`s carrying these fields.
 */
export type EngineErrorCode =
  /** an argument of the call is invalid (a non-finite time, say) */
  | 'INVALID_ARGUMENT'
  /** a recording, its labels or a scenario could not be loaded */
  | 'SOURCE_FAILED'
  /** a live batch could not be appended, or there is no live source */
  | 'LIVE_FAILED'
  /** a console query was refused or failed */
  | 'QUERY_FAILED'
  /** the loaded source cannot compute what was asked (an SLI it lacks, say) */
  | 'NOT_COMPUTED'
  /** a metric, SLI or rule failed while computing a frame */
  | 'COMPUTE_FAILED'
  /** anything else: a bug in Tapedeck */
  | 'INTERNAL';

/** An engine error as data: the code, a message naming the input and the reason, the cause's message. */
export interface EngineErrorData {
  name: 'EngineError';
  code: EngineErrorCode;
  message: string;
  cause?: string;
}

/* Trace joins (engine/traces/). */

/**
 * How records are joined into traces. A record's trace id comes from its `traceparent` header;
 * its business key (an order id, say) locates breaks and stitches a broken trace's pieces.
 */
export interface TraceOptions {
  /** the business key: a top-level JSON field (e.g. `orderId`) or `_key` (the Kafka record key) */
  key: string;
  /**
   * the topics followed, in flow order (records at the same time go in this order); empty =
   * every topic whose records carry `traceparent`, in the order the data shows (by the average
   * rank of each topic's first record within a business key)
   */
  topics: string[];
  /** a field naming the step within a topic (e.g. `status`): hop ends are `topic:value`; null = the topic */
  stage: string | null;
  /** most traces listed (`TraceReport.list`); default 500 */
  listLimit: number;
}

/** Which traces `traces()` lists; every field optional. */
export interface TraceListFilter {
  /** business keys containing this text */
  key?: string;
  /** end-to-end latency at least this (ms) */
  minDurationMs?: number;
  /** true: only broken traces; false: only whole ones */
  broken?: boolean;
}

/** What a record's `traceparent` header is (W3C trace context). */
export type TraceparentClass = 'valid' | 'missing' | 'malformed' | 'zero-id';

/** `traceparent` headers of one topic by class (records replayed). */
export interface TraceparentCounts {
  topic: string;
  records: number;
  valid: number;
  missing: number;
  malformed: number;
  /** an all-zero trace id or parent id (ignored by every propagator) */
  zeroId: number;
}

/** A record whose `traceparent` is malformed or has an all-zero id. */
export interface TraceparentFault {
  topic: string;
  partition: number;
  offset: string;
  /** the header value (first 120 characters) */
  value: string;
  /** e.g. `trace id "abc" is not 32 lowercase hex digits` */
  reason: string;
}

/** `traceparent` headers of a source (`SourceSummary.traceContext`). */
export interface TraceContextStats {
  /** every topic, in table order */
  topics: TraceparentCounts[];
  /** malformed and all-zero headers, first 1000 in topic, partition, offset order */
  faults: TraceparentFault[];
  faultCount: number;
}

/**
 * Why a trace breaks at a hop (the hop's later record):
 * - `header-missing`: the record has no valid `traceparent` (none, malformed or all-zero) where
 *   the key's previous record had one (a stateful operator dropped it: KIP-244, KAFKA-7718);
 * - `new-trace`: the record carries a trace id the key has not had before (a consumer or an
 *   aggregate's flush started a new root trace);
 * - `fan-in`: the record carries the trace of another business key (a cache eviction emitted it
 *   in another record's context);
 * - `negative-latency`: the record is of a topic earlier in the flow than the key's previous
 *   record yet stamped later: the hop, taken in flow order, has a negative latency;
 * - `orphan`: the record has a trace id but no business key, so it cannot be placed.
 */
export type TraceBreakKind =
  'header-missing' | 'new-trace' | 'fan-in' | 'negative-latency' | 'orphan';

/** One hop `from → to` (hop ends: topics, or `topic:stage`) over every business key. */
export interface TraceHop {
  from: string;
  to: string;
  /** hops seen */
  count: number;
  /** hops whose two records share a trace id (the rest are joined by business key only) */
  traced: number;
  /** latency `to − from` record time (ms), linear interpolation between ranks (DuckDB `quantile_cont`) */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /**
   * false when the hop crosses topics and every one of its hops took exactly 0 ms: the later
   * record inherited the earlier one's timestamp (Kafka Streams' default), so the latency is
   * not measurable from record times (never read it as 0 ms)
   */
  latencyMeasurable: boolean;
  /** hops broken, by kind */
  breaks: Partial<Record<TraceBreakKind, number>>;
  /** hops broken (any kind) / `count` */
  breakRate: number;
}

/** Breaks of one kind at one hop, with the first business keys where they happened. */
export interface TraceBreakGroup {
  kind: TraceBreakKind;
  /** null for `orphan` (it follows nothing) */
  from: string | null;
  to: string;
  count: number;
  /** business keys (for `orphan`: trace ids), first 5 */
  examples: string[];
}

/** One trace of the list: a business key's records, stitched across their trace ids. */
export interface TraceListItem {
  key: string;
  /** the trace ids of its pieces, in order of first appearance */
  traceIds: string[];
  start: number;
  end: number;
  durationMs: number;
  records: number;
  /** records without a valid `traceparent` */
  untraced: number;
  broken: boolean;
  breakKinds: TraceBreakKind[];
  /** every break of the trace, in hop order */
  breakHops: { kind: TraceBreakKind; from: string; to: string }[];
  /** joined from more than one piece by business key (never shown as one header-carried trace) */
  stitched: boolean;
}

/** What `traces()` answers. */
export interface TraceReport {
  time: number;
  options: TraceOptions;
  /** the topics followed, in flow order */
  topics: string[];
  /** records followed (delivered by `time`) */
  records: number;
  /** records with a business key, and the business keys (= stitched traces) */
  keyedRecords: number;
  keys: number;
  /** distinct trace ids */
  traceIds: number;
  brokenKeys: number;
  stitchedKeys: number;
  hops: TraceHop[];
  breaks: TraceBreakGroup[];
  /** the listed traces, latest start first, at most `options.listLimit` */
  list: TraceListItem[];
  /** traces passing the filter */
  listTotal: number;
}

/** One record of a trace's waterfall. */
export interface TraceSpan {
  topic: string;
  partition: number;
  offset: string;
  time: number;
  /** the hop end it is: its topic, or `topic:stage` */
  node: string;
  traceparent: TraceparentClass;
  traceId: string | null;
  /** the producer span id from the header (W3C parent id) */
  parentId: string | null;
  /** ms since the key's previous record (the hop into it); null for the first */
  hopMs: number | null;
  /** why the trace breaks at this record, if it does */
  break: TraceBreakKind | null;
  /** on the critical path: the chain of predecessors back from the last record */
  critical: boolean;
}

/** `trace()`: one business key's stitched trace. */
export interface TraceDetail {
  key: string;
  traceIds: string[];
  start: number;
  end: number;
  durationMs: number;
  stitched: boolean;
  spans: TraceSpan[];
}

/* Explanations (engine/explain/): what changed in a window, against a baseline. */

/** What to explain: a window of one metric, as known at replay time `time`. */
export interface ExplainRequest {
  /** the metric whose change is explained (a workbook metric id) */
  metric: string;
  /** the window `[from, to)` (ms); `to` is cut to `time` */
  from: number;
  to: number;
  /** replay time: only records delivered by then count */
  time: number;
  /**
   * `preceding` (default): the `factor` × window length just before the window (default 4), or
   * just before `end` when given (≤ the window's start: a baseline that skips an earlier incident);
   * `same-hour`: the same clock hours on each of the `days` earlier days (default 7) the source holds
   */
  baseline?:
    { kind: 'preceding'; factor?: number; end?: number } | { kind: 'same-hour'; days?: number };
}

/** A dimension value (or two) and its share of the change. */
export interface DimensionContribution {
  /** the field, or two joined with ` × ` */
  dimension: string;
  /** its value, or two joined with ` × ` */
  value: string;
  /** count (or numerator/denominator) in the window and the baseline */
  window: number;
  baseline: number;
  windowDen?: number;
  baselineDen?: number;
  /** share of the metric's change this value accounts for (sums to 1 over a dimension's values) */
  contribution: number;
  /** binomial G-test (log-likelihood ratio) of the 2×2 table, against χ²(1) */
  g: number;
  p_value: number;
  /** share of the change that goes away when the value is left out of both periods */
  leave_one_out: number;
}

/** A ratio's change split into mix (traffic moved between values) and rate (ratios moved within). */
export interface MixRateSplit {
  dimension: string;
  /** ratio in the baseline and the window; change = window − baseline = mix + rate exactly */
  before: number;
  after: number;
  change: number;
  mix: number;
  rate: number;
  /** per value: its share of the denominator and its ratio in each period, its mix and rate terms */
  values: {
    value: string;
    shareBefore: number;
    shareAfter: number;
    rateBefore: number;
    rateAfter: number;
    mix: number;
    rate: number;
  }[];
}

/** A system event scored as a cause of the change. */
export interface RankedEvent extends SystemEvent {
  /** ms from the event to the change's onset (positive: the event came first) */
  lead_ms: number;
  /** 0…1: how far the event's type, scope and detail name the moving series and values */
  scope_overlap: number;
  /** the words the event shares with the moving series and values */
  matched: string[];
  time_score: number;
  score: number;
}

/** A shift in a series' mean, found by splitting its samples where the shift is largest. */
export interface ChangePoint {
  metric: string;
  series: string;
  /** the first sample after the shift */
  time: number;
  before: number;
  after: number;
  /** Welch t statistic of the two sides */
  score: number;
}

/** One lifecycle stage in the window and the baseline. */
export interface StageChange {
  /** `placed → accepted` */
  stage: string;
  step: string;
  /** keys that reached the step in the period, and their median time from the previous step (s) */
  windowCount: number;
  baselineCount: number;
  windowMedianS: number | null;
  baselineMedianS: number | null;
  /** the 95th percentile of the same seconds (what the time growth compares) */
  windowP95S: number | null;
  baselineP95S: number | null;
  /** keys that failed at the step, and failures / (failures + reached) */
  windowFailures: number;
  baselineFailures: number;
  windowFailureRate: number | null;
  baselineFailureRate: number | null;
  /** G-test p-value of the failure rates */
  failure_p_value: number;
  /** (window − baseline) / baseline of the 95th percentile time, and of the failure rate */
  timeGrowth: number | null;
  failureGrowth: number | null;
  score: number;
}

/** The answer of `explain`: each list ranked best first. */
export interface Explanation {
  metric: string;
  kind: MetricDef['kind'];
  window: { from: number; to: number };
  baseline: { from: number; to: number }[];
  /** as of this replay time */
  time: number;
  /** the metric over the window and the baseline (a count per window length; a ratio) */
  value: { window: number; baseline: number; change: number } | null;
  /** why a part could not be computed (e.g. dimensions of a latency metric) */
  notes: string[];
  events: RankedEvent[];
  changePoints: ChangePoint[];
  dimensions: DimensionContribution[];
  combinations: DimensionContribution[];
  mixRate: MixRateSplit[];
  stages: StageChange[];
  /** the stage where time or failures grew most, if any did */
  stage: StageChange | null;
  /** every score's formula, by score name */
  formulas: Record<string, string>;
}
