import type { MetricInfo } from '../contract.ts';

/** What a metric's SQL needs to know about the frame being computed. */
export interface MetricContext {
  /** records delivered by the frame's replay time: only rows with `_seq < delivered` count */
  delivered: number;
  /** the replay time (ms) */
  time: number;
  /** the source's first record timestamp (ms): where the sample grid begins */
  start: number;
  /** how long after its end a window still accepts records (ms) */
  graceMs: number;
  /**
   * topic → its DuckDB table, where that is not the topic's own name (`ORDERS` after `orders`
   * is `ORDERS (2)`: DuckDB's identifiers ignore case); see `SourceSummary.tables`
   */
  tables?: ReadonlyMap<string, string>;
  /**
   * the earliest sample time this run computes (default `time`): when one query serves a run of
   * sample times at which the same records were delivered, a `lookback` reaches back from here
   */
  earliest?: number;
  /**
   * Rows with a stream time below this may be left out: only samples whose windows start at
   * or after it are asked for (see `MetricSpec.slice`). Unset: every delivered row counts.
   */
  since?: number;
}

/** Sample times `after < t ≤ until`. */
export interface TimeSpan {
  after: number;
  until: number;
}

/**
 * How a `native` metric is computed once and sliced (`AsOfRunner`): its samples up to the end
 * of the source come from one run over every record; a frame adds the still-open window,
 * computed over the records delivered into it, and counts the late records delivered so far.
 */
export interface MetricSlice {
  /**
   * SQL listing the delivery position (`seq`) of each record the metric counts as late, once
   * per record — the records its `late` column sums.
   */
  lateSql(ctx: MetricContext): string;
  /**
   * How far before a sample's time its records can lie (the window size): the open window's
   * run reads only rows with a stream time from `t − windowMs` (`MetricContext.since`). Null
   * when a sample depends on older records (a state's history).
   */
  windowMs: number | null;
  /**
   * The metric's open windows without a query per frame (`AsOfRunner`): reads, with `query`,
   * what every window needs from the records delivered before `ctx.delivered`, once per source
   * (at `prepare`, with the run over the whole source), and answers each frame's open windows
   * from that alone. Absent: a frame's open windows are queried (two-topic ratios, states,
   * latencies with `avg`).
   */
  openWindows?(ctx: MetricContext, query: (sql: string) => TableRead): OpenWindows;
}

/** A metric's windows as read once per source (`MetricSlice.openWindows`). */
export interface OpenWindows {
  /** Calls `put` with each sample at a time in `open` as known from `delivered` records. */
  samples(
    delivered: number,
    open: TimeSpan,
    put: (label: string, t: number, value: number) => void,
  ): void;
}

/** A query's result as the engine reads it (DuckDB's Arrow tables; their classes differ under Node). */
export interface TableRead {
  numRows: number;
  getChild(name: string): ColumnRead | null;
}

/** A column of a `TableRead`. */
export interface ColumnRead {
  length: number;
  get(i: number): unknown;
}

/** A column of numbers, or one list of numbers in a column of lists (DuckDB's `list(…)`). */
export interface NumbersRead {
  toArray(): ArrayLike<number>;
}

/**
 * A built-in metric: what the chart shows (`MetricInfo`) plus how to compute it.
 *
 * `sql(ctx)` returns rows `(label VARCHAR, t DOUBLE, value DOUBLE, late DOUBLE)`: `value` is the
 * sample of series `label` at time `t` (a window's end, or an evaluation instant); `late` counts
 * records the metric excluded as late (summed over all rows; a row with NULL `t` only carries
 * late counts). Grid points without a row take `missing`. The rows at `t <= ctx.time` depend on
 * `ctx.delivered` alone: `ctx.time` only says how far the samples go (so one run serves every
 * sample time at which the same records were delivered).
 */
export interface MetricSpec extends MetricInfo {
  /** topic → field columns the SQL reads; the metric is offered only when all exist */
  requires: Record<string, string[]>;
  /** `window`: samples at window ends `[start, end)`; `instant`: at evaluation instants `k·stepMs` */
  sampling: 'window' | 'instant';
  /** the value of a grid point without a row: 0 for counts, NaN for ratios and states */
  missing: number;
  sql(ctx: MetricContext): string;
  /**
   * Whether one run of `sql` at replay time T gives every sample at `t <= T` the value known at
   * `t`, from the records delivered by `t` (DESIGN "As-of values"):
   * - `native`: yes, by construction, in a replay, where `_stream_ts` is the stream time at each
   *   record's delivery (a live source's `_stream_ts` is its partition's, so there the engine
   *   recomputes these too);
   * - `recompute`: no (raw SQL can read any record): the engine runs it as of each sample time
   *   (`AsOfRunner`);
   * - `final`: no, and the workbook says so (`final_only`): frames show its samples as known at
   *   the replay time, and no rule may read it.
   */
  asOf: 'native' | 'recompute' | 'final';
  /** For a `native` metric: how it is computed once and sliced; without it, run per frame. */
  slice?: MetricSlice;
  /**
   * The tables of the topics whose delivered rows `sql` reads (at least those), when known: its
   * rows then depend on the records of these topics delivered, not on the others, so a frame's
   * open window is run again only when records of these topics were delivered since the last
   * run (`AsOfRunner`). Absent: any topic.
   */
  reads?: readonly string[];
}

/** The public description of a metric (plain data: it crosses the worker boundary). */
export function metricInfo(spec: MetricSpec): MetricInfo {
  const { id, title, unit, stepMs, description, alert } = spec;
  const info: MetricInfo = { id, title, unit, stepMs, description, alert: { ...alert } };
  if (spec.asOf === 'final') info.finalOnly = true;
  return info;
}
