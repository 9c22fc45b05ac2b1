import type { Incident } from '../scenarios/index.ts';
import type { KitchenParams } from '../scenarios/index.ts';
import type {
  AlertRuleResult,
  SliDetail,
  SliFrame,
  SystemEvent,
  WorkbookSummary,
} from './workbook/types.ts';

export type * from './workbook/types.ts';

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
   */
  loadRecording(
    bytes: Uint8Array,
    name: string,
    labels?: string,
    onProgress?: ProgressFn,
  ): Promise<SourceSummary>;
  /**
   * The metrics as of replay time `time` (ms since epoch): only records delivered by then
   * count, windows are `[start, end)` aligned to the epoch, and late records are reported.
   */
  frame(time: number): Promise<Frame>;
  /**
   * For "as fast as possible": the replay time reached after delivering `records` more records
   * past `time`. Lets the clock advance by work done instead of by wall time.
   */
  timeAfter(time: number, records: number): Promise<number>;
  /** Runs read-only SQL against the loaded tables (for tests, the CLI and the SQL panel). */
  query(sql: string): Promise<QueryResult>;
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
   * One SLI of the active workbook as of replay time `time`: minute series, summary, rolling
   * SLI over its period and burn rates. Throws when the loaded source cannot compute it.
   */
  sli(id: string, time: number): Promise<SliDetail>;
  /** Every alert rule of the active workbook evaluated up to replay time `time`. */
  alerts(time: number): Promise<AlertRuleResult[]>;
}

/** Where a live source stands after an append. */
export interface LiveStatus {
  name: string;
  /** records this append added */
  appended: number;
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
  /** Record volume over the whole source, for the timeline. `counts[i]` covers `[start + i*step, …)`. */
  histogram: { start: number; step: number; counts: Float64Array };
  /** the source's labels merged with the active workbook's incidents (a workbook label wins on an equal id) */
  incidents: Incident[];
  /** the metrics this source computes, in display order */
  metrics: MetricInfo[];
  /** system events (the workbook's `events` topic, e.g. infra-events), in time order */
  events?: SystemEvent[];
}

/** Counts per topic and partition. Offsets are decimal strings: int64 stays exact. */
export interface PartitionStats {
  topic: string;
  partition: number;
  records: number;
  firstOffset: string;
  lastOffset: string;
  /** values that are not valid JSON (kept as raw text) */
  malformed: number;
  tombstones: number;
  binary: number;
  noTimestamp: number;
  /** records whose timestamp is earlier than their predecessor's in the same partition */
  outOfOrder: number;
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
}

export type Comparison = '>' | '>=' | '<' | '<=';

/** A Prometheus-style threshold rule: `value <op> threshold` held for `forMs`. */
export interface ThresholdRule {
  op: Comparison;
  threshold: number;
  forMs: number;
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
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}
