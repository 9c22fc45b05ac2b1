import type { Series } from '../contract.ts';

/** The sample times of a metric as of replay time `time`: `first + k*step` for `k < count`. */
export interface SampleGrid {
  first: number;
  step: number;
  count: number;
}

/**
 * Where a metric's samples fall, from the source's first record at `start` up to replay time
 * `time` (see `Series`: a sample's time is when its value is known).
 * - `window`: window ends, from the end of the window holding `start` to the end of the window
 *   holding `time` (the still-open window is included with its partial value);
 * - `instant`: evaluation instants `k*step` with `start <= k*step <= time`.
 */
export function sampleGrid(
  sampling: 'window' | 'instant',
  step: number,
  start: number,
  time: number,
): SampleGrid {
  if (!(step > 0)) throw new Error(`invalid step: ${step} (expected a positive number of ms)`);
  if (!(time >= start)) return { first: NaN, step, count: 0 };
  if (sampling === 'window') {
    const first = Math.floor(start / step) * step + step;
    const last = Math.floor(time / step) * step + step;
    return { first, step, count: (last - first) / step + 1 };
  }
  const first = Math.ceil(start / step) * step;
  const last = Math.floor(time / step) * step;
  return { first, step, count: last >= first ? (last - first) / step + 1 : 0 };
}

/** One row of a metric's SQL: the sample of series `label` at time `t`. */
export interface SampleRows {
  labels: readonly (string | null)[];
  times: ArrayLike<number | null>;
  values: ArrayLike<number>;
}

/**
 * Dense series on `grid`, one per label (sorted), from sparse rows. Grid points without a row
 * take `missing`; rows off the grid (or with a null label or time) are ignored.
 */
export function denseSeries(rows: SampleRows, grid: SampleGrid, missing: number): Series[] {
  const byLabel = new Map<string, Float64Array>();
  for (let i = 0; i < rows.labels.length; i++) {
    const label = rows.labels[i];
    const t = rows.times[i];
    if (label == null || t == null) continue;
    const k = (t - grid.first) / grid.step;
    if (!(k >= 0 && k < grid.count && Number.isInteger(k))) continue;
    let values = byLabel.get(label);
    if (!values) {
      values = new Float64Array(grid.count).fill(missing);
      byLabel.set(label, values);
    }
    values[k] = rows.values[i]!;
  }
  return [...byLabel.keys()].sort().map((label) => {
    const times = new Float64Array(grid.count);
    for (let k = 0; k < grid.count; k++) times[k] = grid.first + k * grid.step;
    return { label, times, values: byLabel.get(label)! };
  });
}
