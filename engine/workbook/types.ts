import type { Incident } from '../../scenarios/index.ts';
import type { BurnRatePair } from '../alerts/burn-rate-alerts.ts';
import type { NoDataPolicy, RollingSli, SliSummary } from '../alerts/sli.ts';
import type { Comparison, FiringInterval, MetricInfo, Series } from '../api.ts';

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
}

export type MetricDef =
  AggregateMetric | RatioMetric | StateDurationMetric | LatencyMetric | SqlMetric;

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
  /** incident scope key the rule's series are split by (backtest `ScopeMatch.dimension`) */
  scope: string | null;
  /** most series evaluated before the rule reports an error; default `options.maxSeriesPerRule` */
  maxSeries: number;
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
   * the bad fraction of each minute at the minute's end (1 bad, 0 good, a fraction for events
   * SLIs, NaN no data), from the source's first minute to the replay time; label = SLI id
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
