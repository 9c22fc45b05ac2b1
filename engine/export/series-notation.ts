import { prometheusNumber } from './prometheus-names.ts';

/**
 * promtool's series notation for values on a regular grid: sample `i` is at `i × interval`.
 * A NaN (Tapedeck: the series is absent) is written `stale`, a staleness marker, so the series
 * drops out at that evaluation exactly as it does in Tapedeck — and as in production, where a
 * recording rule that stops returning a series writes a staleness marker for it. (`_`, a
 * missing sample, would let Prometheus keep seeing the previous value for its 5-minute lookback.)
 * Runs of one finite value are compressed as `vxn` (n + 1 equal samples, promtool's expanding
 * notation); `stale` has no repeat form and is written once per sample.
 */
export function seriesNotation(values: ArrayLike<number>): string {
  const parts: string[] = [];
  const n = values.length;
  let i = 0;
  while (i < n) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      parts.push('stale');
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && values[j] === v) j++;
    const run = j - i;
    const text = prometheusNumber(v);
    if (run >= 3 && Number.isFinite(v)) parts.push(`${text}x${run - 1}`);
    else for (let k = 0; k < run; k++) parts.push(text);
    i = j;
  }
  return parts.join(' ');
}
