import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { MetricFrame } from '../contract.ts';
import type { MetricContext, MetricSpec } from './metric-spec.ts';
import { runMetric, runMetricRows, type TimeSpan } from './metric-runner.ts';
import { denseSeries, sampleGrid, type SampleGrid } from './series-grid.ts';

/** How many records replay has delivered by a time (the source's tape). */
export interface DeliveryClock {
  delivered(time: number): number;
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
 * For a replay, `native` is enough. A live source's `_stream_ts` is its partition's stream
 * time, not the stream time at delivery, so there every metric but a `final` one is
 * recomputed (`recomputeNative`); at the live tail that is one query per new sample.
 */
export class AsOfRunner {
  private readonly histories = new Map<MetricSpec, History>();

  constructor(
    private readonly conn: DuckDBConnection,
    private clock: DeliveryClock,
    private readonly recomputeNative = false,
  ) {}

  /** The metric's frame at `ctx` (see the class). Throws an Error naming the metric when its SQL fails. */
  frame(spec: MetricSpec, ctx: MetricContext): MetricFrame {
    if (!this.recomputes(spec)) return runMetric(this.conn, spec, ctx);
    const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
    if (grid.count === 0 || ctx.delivered === 0) return { id: spec.id, series: [], late: 0 };
    const last = grid.first + (grid.count - 1) * grid.step;
    const history = this.history(spec, ctx, grid);
    // The run at the replay time gives the open window's partial value and the late records
    // (counted on any row); raw SQL (the one `recompute` kind) counts none, so without an open
    // window it is skipped.
    const now =
      last > ctx.time || spec.asOf !== 'recompute'
        ? runMetricRows(this.conn, spec, ctx)
        : { labels: [], times: [], values: [], late: 0 };
    const rows = { labels: [] as string[], times: [] as number[], values: [] as number[] };
    append(rows, history, { after: -Infinity, until: ctx.time });
    append(rows, now, { after: ctx.time, until: last });
    return { id: spec.id, series: denseSeries(rows, grid, spec.missing), late: now.late };
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

  /** Forgets every sample kept (the workbook changed). */
  clear(): void {
    this.histories.clear();
  }

  /** `spec`'s history, extended to the sample times of `grid` up to the replay time. */
  private history(spec: MetricSpec, ctx: MetricContext, grid: SampleGrid): History {
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
    while (k <= end) {
      const from = at(k);
      const delivered = this.clock.delivered(from);
      while (k < end && this.clock.delivered(at(k + 1)) === delivered) k++;
      const until = at(k++);
      if (delivered === 0) continue;
      const asOf = { ...ctx, delivered, time: until, earliest: from };
      const rows = runMetricRows(this.conn, spec, asOf, { after: from - grid.step, until });
      append(history, rows, { after: -Infinity, until });
    }
    if (end >= 0) history.until = Math.max(history.until, at(end));
    return history;
  }
}

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
