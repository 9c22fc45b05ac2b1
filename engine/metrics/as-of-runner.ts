import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { MetricFrame } from '../contract.ts';
import type { MetricContext, MetricSpec, OpenWindows, TimeSpan } from './metric-spec.ts';
import { runMetric, runMetricRows, type MetricRows } from './metric-runner.ts';
import { denseSeries, sampleGrid, type SampleGrid } from './series-grid.ts';
import { errorIn, quoteIdent } from '../sql/sql.ts';
import { countAtMost, countBelow } from '../sorted-search.ts';

/** How many records replay has delivered by a time (the source's tape). */
export interface DeliveryClock {
  delivered(time: number): number;
  /** records on the tape */
  readonly records: number;
  /** the stream time at each delivery, non-decreasing */
  readonly streamTimes: ArrayLike<number>;
}

/** A sliced metric's samples from one run over every record of the source (see `sliced`). */
interface FullRun {
  /** the stream time after the last record: the run holds the samples at times `≤ until` */
  until: number;
  /** per series label, its samples at times `≤ until`, in time order */
  series: Map<string, { times: Float64Array; values: Float64Array }>;
  /** the delivery positions of the records the metric counts as late, ascending */
  lateSeqs: Float64Array;
}

/** A sliced metric's open windows, read once (`MetricSlice.openWindows`). */
interface OpenRead {
  /** the records it was read from: those delivered before this */
  delivered: number;
  windows: OpenWindows;
}

/** A metric's samples computed as of their own times so far: rows at times `≤ until`. */
interface History {
  until: number;
  labels: string[];
  times: number[];
  values: number[];
}

/**
 * The engine's one way to run a metric for a frame, keeping DESIGN's "As-of values": every
 * sample at a time `t` up to the replay time holds the value known at `t`, from the records
 * delivered by `t`, and never a value that later records changed. The open window (a sample
 * after the replay time) holds its partial value as of the replay time.
 *
 * A metric whose SQL is as of each sample time by construction (`asOf: 'native'`) runs once;
 * the others run once per sample time (`recompute`) — one query for each run of sample times
 * at which the same records were delivered — and the samples are kept, so each is computed
 * once per source however often frames are asked for, and a frame after the last one computes
 * only the new samples. A `final` metric (the workbook's `final_only`) runs once, as known at
 * the replay time.
 *
 * For a replay, `native` is enough, and a `native` metric with a `slice` is computed once:
 * replay is deterministic (fixed delivery order, event-time windows, lateness decided by
 * delivery), so its samples at times up to T are those of one run over the whole source, and
 * a frame at T slices them and adds the still-open window, computed over the records delivered
 * into it (`sliced`). Frames then never recompute the past; what they still pay for is the
 * open window's query (a filter over the delivery column, and for a latency its keys' records),
 * and only after records of a topic the metric reads were delivered (`MetricSpec.reads`).
 *
 * A live source's `_stream_ts` is its partition's stream time, not the stream time at
 * delivery, so there every metric but a `final` one is recomputed (`recomputeNative`); at the
 * live tail that is one query per new sample.
 */
export class AsOfRunner {
  private readonly histories = new Map<MetricSpec, History>();
  private readonly fullRuns = new Map<MetricSpec, FullRun>();
  /** each metric's last open-window run, by what it depends on */
  private readonly openRuns = new Map<MetricSpec, { key: string; rows: MetricRows }>();
  /** each sliced metric's open windows, once read (`MetricSlice.openWindows`) */
  private readonly opened = new Map<MetricSpec, OpenRead>();
  /** per topic table, the delivery positions of its records, ascending (see `deliveredOf`) */
  private readonly topicSeqs = new Map<string, Float64Array>();
  /** whether the tables hold every record (not while a snapshot's rows are being inserted) */
  private complete = true;

  constructor(
    private readonly conn: DuckDBConnection,
    private clock: DeliveryClock,
    private readonly recomputeNative = false,
    /** whether `native` metrics with a `slice` are computed once and sliced (see the class) */
    private readonly slicing = true,
  ) {}

  /** The metric's frame at `ctx` (see the class). Throws an Error naming the metric when its SQL fails. */
  frame(spec: MetricSpec, ctx: MetricContext): MetricFrame {
    if (this.slices(spec)) return this.sliced(spec, ctx);
    if (!this.recomputes(spec)) return runMetric(this.conn, spec, ctx);
    const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
    if (grid.count === 0 || ctx.delivered === 0) return { id: spec.id, series: [], late: 0 };
    const last = grid.first + (grid.count - 1) * grid.step;
    const { history } = this.history(spec, ctx, grid);
    // The run at the replay time gives the open window's partial value and the late records
    // (counted on any row); the `recompute` kinds (raw SQL, hops) count none, so without an
    // open window it is skipped. Its lookback reaches back from the grid point at or before the
    // replay time (at least the records it must hold), so the run depends on the records
    // delivered and that point alone, and is kept for the next frame.
    let now: MetricRows = { labels: [], times: [], values: [], late: 0 };
    if (spec.asOf !== 'recompute') now = runMetricRows(this.conn, spec, ctx);
    else if (last > ctx.time) {
      const after = grid.first + Math.floor((ctx.time - grid.first) / grid.step) * grid.step;
      const key = `${this.deliveredOf(spec, ctx)} ${after}`;
      let open = this.openRuns.get(spec);
      if (open?.key !== key) {
        open = { key, rows: runMetricRows(this.conn, spec, { ...ctx, earliest: after }) };
        this.openRuns.set(spec, open);
      }
      now = open.rows;
    }
    const rows = { labels: [] as string[], times: [] as number[], values: [] as number[] };
    append(rows, history, { after: -Infinity, until: ctx.time });
    append(rows, now, { after: ctx.time, until: last });
    return { id: spec.id, series: denseSeries(rows, grid, spec.missing), late: now.late };
  }

  /** Whether `spec` is computed once over the whole source and sliced per frame. */
  slices(spec: MetricSpec): boolean {
    return (
      this.slicing && spec.asOf === 'native' && !this.recomputeNative && spec.slice !== undefined
    );
  }

  /**
   * The frame of a sliced metric at `ctx`: the samples at times up to the replay time from its
   * run over the whole source (each as known at its time, by construction), the still-open
   * window's from a run over the records delivered so far that reads only the rows that can
   * fall in it, and the late records among those delivered.
   */
  private sliced(spec: MetricSpec, ctx: MetricContext): MetricFrame {
    const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
    if (grid.count === 0 || ctx.delivered === 0) return { id: spec.id, series: [], late: 0 };
    // Until `prepare` (or a frame far into the source) has run it over the whole source, a
    // frame near the start runs it over the few records delivered so far: the same samples.
    let full = this.fullRuns.get(spec);
    if (!full && ctx.delivered * EARLY_SHARE < this.clock.records) {
      return runMetric(this.conn, spec, ctx);
    }
    full ??= this.fullRun(spec, ctx);
    const last = grid.first + (grid.count - 1) * grid.step;
    const cut = Math.min(ctx.time, full.until);
    const byLabel = new Map<string, Float64Array>();
    const put = (label: string, t: number, value: number) => {
      const k = (t - grid.first) / grid.step;
      if (!(k >= 0 && k < grid.count && Number.isInteger(k))) return;
      let values = byLabel.get(label);
      if (!values) {
        values = new Float64Array(grid.count).fill(spec.missing);
        byLabel.set(label, values);
      }
      values[k] = value;
    };
    for (const [label, { times, values }] of full.series) {
      const n = countAtMost(times, cut);
      for (let i = 0; i < n; i++) put(label, times[i]!, values[i]!);
    }
    if (last > cut) {
      // The samples after `cut`: those after the grid point at or before it.
      const after = grid.first + Math.floor((cut - grid.first) / grid.step) * grid.step;
      const opened = this.openWindows(spec, ctx);
      if (opened) opened.samples(ctx.delivered, { after, until: last }, put);
      else {
        // Queried from `after`, the run depends on the records delivered and the grid alone,
        // and is kept for the next frame (at 1× a frame mostly delivers nothing new).
        const key = `${this.deliveredOf(spec, ctx)} ${after} ${last}`;
        let open = this.openRuns.get(spec);
        if (open?.key !== key) {
          const windowMs = spec.slice!.windowMs;
          const since = windowMs === null ? ctx : { ...ctx, since: after - windowMs };
          // Its late records are not asked for: those delivered so far come from `full`.
          const rows = runMetricRows(this.conn, spec, since, { after, until: last }, false);
          open = { key, rows };
          this.openRuns.set(spec, open);
        }
        const { rows } = open;
        for (let i = 0; i < rows.times.length; i++) {
          put(rows.labels[i]!, rows.times[i]!, rows.values[i]!);
        }
      }
    }
    const series = [...byLabel.keys()].sort().map((label) => {
      const times = new Float64Array(grid.count);
      for (let k = 0; k < grid.count; k++) times[k] = grid.first + k * grid.step;
      return { label, times, values: byLabel.get(label)! };
    });
    return { id: spec.id, series, late: countBelow(full.lateSeqs, ctx.delivered) };
  }

  /**
   * `spec`'s open windows (`MetricSlice.openWindows`), read over the whole source on first use
   * (`prepare`). Null for a metric without them, and while the tables do not hold every record.
   */
  private openWindows(spec: MetricSpec, ctx: MetricContext): OpenWindows | null {
    const read = spec.slice?.openWindows;
    if (!read || !this.complete) return null;
    let kept = this.opened.get(spec);
    if (!kept) {
      const delivered = this.clock.records;
      const query = (sql: string) => {
        try {
          return this.conn.query(sql);
        } catch (err) {
          throw errorIn(`metric "${spec.id}": its open windows`, err);
        }
      };
      kept = { delivered, windows: read({ ...ctx, delivered }, query) };
      this.opened.set(spec, kept);
    }
    return ctx.delivered <= kept.delivered ? kept.windows : null;
  }

  /**
   * Runs each sliced metric of `specs` over the whole source now, so that no later frame waits
   * for it (a load's first frames, near the start, do not need it).
   */
  prepare(specs: readonly MetricSpec[], ctx: MetricContext): void {
    if (ctx.delivered === 0) return;
    for (const spec of specs) {
      if (this.slices(spec)) {
        this.fullRun(spec, ctx);
        this.openWindows(spec, ctx);
      }
      if (!this.recomputeNative) for (const table of spec.reads ?? []) this.seqsOf(table);
    }
  }

  /** `spec`'s run over every record of the source, made on first use. */
  private fullRun(spec: MetricSpec, ctx: MetricContext): FullRun {
    let full = this.fullRuns.get(spec);
    if (full) return full;
    const { records, streamTimes } = this.clock;
    const until = streamTimes[records - 1]!;
    const all: MetricContext = {
      start: ctx.start,
      graceMs: ctx.graceMs,
      delivered: records,
      time: until,
    };
    if (ctx.tables) all.tables = ctx.tables;
    const rows = runMetricRows(this.conn, spec, all);
    const byLabel = new Map<string, number[]>();
    for (let i = 0; i < rows.times.length; i++) {
      if (!(rows.times[i]! <= until)) continue;
      let at = byLabel.get(rows.labels[i]!);
      if (!at) byLabel.set(rows.labels[i]!, (at = []));
      at.push(i);
    }
    const series: FullRun['series'] = new Map();
    for (const [label, at] of byLabel) {
      at.sort((a, b) => rows.times[a]! - rows.times[b]!);
      series.set(label, {
        times: Float64Array.from(at, (i) => rows.times[i]!),
        values: Float64Array.from(at, (i) => rows.values[i]!),
      });
    }
    full = { until, series, lateSeqs: lateSeqs(this.conn, spec, all) };
    this.fullRuns.set(spec, full);
    return full;
  }

  /** Whether `spec`'s samples are computed one sample time at a time. */
  recomputes(spec: MetricSpec): boolean {
    return spec.asOf === 'recompute' || (spec.asOf === 'native' && this.recomputeNative);
  }

  /**
   * Follows a growing live source: `clock` is its tape now, and the samples at or after `from`
   * (the stream time before the new records) are computed again when next asked for, since
   * records delivered at `from` or later may belong to them.
   */
  advance(clock: DeliveryClock, from: number): void {
    this.clock = clock;
    this.opened.clear();
    for (const history of this.histories.values()) {
      if (history.until < from) continue;
      let kept = 0;
      for (let i = 0; i < history.times.length; i++) {
        if (history.times[i]! >= from) continue;
        history.labels[kept] = history.labels[i]!;
        history.times[kept] = history.times[i]!;
        history.values[kept++] = history.values[i]!;
      }
      history.labels.length = history.times.length = history.values.length = kept;
      history.until = from - 1;
    }
  }

  /**
   * Says whether the tables hold every record of the clock's tape: until they do (a snapshot's
   * rows are inserted as frames reach them), a frame reads only the records delivered, and
   * nothing read from a whole table is kept.
   */
  tablesComplete(complete: boolean): void {
    this.complete = complete;
  }

  /** Forgets every sample kept (the workbook changed). */
  clear(): void {
    this.histories.clear();
    this.fullRuns.clear();
    this.openRuns.clear();
    this.opened.clear();
    this.topicSeqs.clear();
  }

  /**
   * What `spec`'s rows at `ctx` depend on among the records delivered: how many records of each
   * topic it reads were delivered (`MetricSpec.reads`), so that a frame after records of other
   * topics only reuses its open-window run; without `reads`, or on a live source (whose tables
   * grow with each batch), the records delivered.
   */
  private deliveredOf(spec: MetricSpec, ctx: MetricContext): string {
    if (!spec.reads || this.recomputeNative || !this.complete) return `${ctx.delivered}`;
    return spec.reads.map((t) => countBelow(this.seqsOf(t), ctx.delivered)).join(' ');
  }

  /** The delivery positions of the records in topic table `table`, ascending (read once per source). */
  private seqsOf(table: string): Float64Array {
    let seqs = this.topicSeqs.get(table);
    if (seqs) return seqs;
    const sql = `SELECT CAST(_seq AS DOUBLE) AS seq FROM ${quoteIdent(table)} ORDER BY _seq`;
    let result;
    try {
      result = this.conn.query(sql);
    } catch (err) {
      throw errorIn(`the delivery positions of table "${table}"`, err);
    }
    const column = result.getChild('seq');
    seqs = column ? Float64Array.from(column.toArray() as ArrayLike<number>) : new Float64Array(0);
    this.topicSeqs.set(table, seqs);
    return seqs;
  }

  /**
   * Extends the histories of the recomputed metrics of `specs` (see `frame`) towards `ctx.time`
   * — the source's end, for a replay — for about `budgetMs`: at least one query, then none
   * started after the budget is spent. Returns whether every history reaches `ctx.time`. A
   * frame later reads these samples instead of computing them: the same values, since each is
   * as of its own time whenever it is computed.
   */
  fillHistories(specs: readonly MetricSpec[], ctx: MetricContext, budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    for (const spec of specs) {
      if (!this.recomputes(spec)) continue;
      const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
      if (grid.count === 0 || ctx.delivered === 0) continue;
      if (!this.history(spec, ctx, grid, deadline).done) return false;
    }
    return true;
  }

  /**
   * `spec`'s history, extended to the sample times of `grid` up to the replay time, or as far
   * as it got by `deadline` (`done` says which); one query at least.
   */
  private history(
    spec: MetricSpec,
    ctx: MetricContext,
    grid: SampleGrid,
    deadline = Infinity,
  ): { history: History; done: boolean } {
    let history = this.histories.get(spec);
    if (!history) {
      history = { until: -Infinity, labels: [], times: [], values: [] };
      this.histories.set(spec, history);
    }
    const at = (k: number) => grid.first + k * grid.step;
    // The last finished sample: the open window's sample, after the replay time, is not kept.
    const end = Math.min(grid.count - 1, Math.floor((ctx.time - grid.first) / grid.step));
    let k = Math.max(0, Math.floor((history.until - grid.first) / grid.step) + 1);
    // A run of sample times at which the same records were delivered shares one query.
    let ran = false;
    while (k <= end && !(ran && performance.now() > deadline)) {
      const from = at(k);
      const delivered = this.clock.delivered(from);
      while (k < end && this.clock.delivered(at(k + 1)) === delivered) k++;
      const until = at(k++);
      if (delivered > 0) {
        const asOf = { ...ctx, delivered, time: until, earliest: from };
        const rows = runMetricRows(this.conn, spec, asOf, { after: from - grid.step, until });
        append(history, rows, { after: -Infinity, until });
        ran = true;
      }
      history.until = Math.max(history.until, until);
    }
    return { history, done: k > end };
  }
}

/**
 * A frame before `prepare` that has delivered less than this share of the source (1/EARLY_SHARE)
 * runs the metric over what it delivered instead of over the whole source.
 */
export const EARLY_SHARE = 8;

type Rows = Pick<History, 'labels' | 'times' | 'values'>;

/** Appends the rows of `from` in `span` to `to` (a loop: spreading a long array overflows the stack). */
function append(to: Rows, from: Rows, span: TimeSpan): void {
  for (let i = 0; i < from.times.length; i++) {
    const t = from.times[i]!;
    if (!(t > span.after && t <= span.until)) continue;
    to.labels.push(from.labels[i]!);
    to.times.push(from.times[i]!);
    to.values.push(from.values[i]!);
  }
}

/** The delivery positions of the records `spec` counts as late over the source, ascending. */
function lateSeqs(conn: DuckDBConnection, spec: MetricSpec, all: MetricContext): Float64Array {
  const sql = `SELECT CAST(seq AS DOUBLE) AS seq FROM (${spec.slice!.lateSql(all)}) ORDER BY seq`;
  let table;
  try {
    table = conn.query(sql);
  } catch (err) {
    throw errorIn(`metric "${spec.id}": late records`, err);
  }
  const column = table.getChild('seq');
  return column ? Float64Array.from(column.toArray() as ArrayLike<number>) : new Float64Array(0);
}
