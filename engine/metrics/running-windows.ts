import type { NumbersRead, OpenWindows, TableRead, TimeSpan } from './metric-spec.ts';
import { countAtMost, countBelow } from '../sorted-search.ts';

/**
 * The open windows of a metric with a running form: `runningSql` gives, per record in each
 * window, the window's value as of that record's delivery (`runningRows` in
 * engine/workbook/window-rows.ts). Read once, grouped by window; a frame's sample of a window
 * is then the value at its last record delivered, found by a binary search.
 */
export function runningWindows(runningSql: string, query: (sql: string) => TableRead): OpenWindows {
  const table = query(`SELECT t, label, list(seq ORDER BY seq) AS seqs,
      list(coalesce(value, 'NaN'::DOUBLE) ORDER BY seq) AS vs
    FROM (${runningSql}) WHERE label IS NOT NULL GROUP BY t, label ORDER BY t, label`);
  const n = table.numRows;
  const column = (name: string) => table.getChild(name)!;
  const [timeColumn, labelColumn, seqLists, valueLists] = ['t', 'label', 'seqs', 'vs'].map(column);
  const list = (w: number, c = seqLists!) => (c.get(w) as NumbersRead).toArray();
  // Window `w` (sample time `times[w]`, series `labels[w]`, in time order) holds rows
  // `starts[w]` to `starts[w + 1]`: delivery positions ascending, and the value as of each.
  const times = new Float64Array(n);
  const labels: string[] = [];
  const starts = new Uint32Array(n + 1);
  const parts: [ArrayLike<number>, ArrayLike<number>][] = [];
  for (let w = 0; w < n; w++) {
    times[w] = timeColumn!.get(w) as number;
    labels.push(labelColumn!.get(w) as string);
    parts.push([list(w), list(w, valueLists)]);
    starts[w + 1] = starts[w]! + parts[w]![0].length;
  }
  const seqs = new Float64Array(starts[n]!);
  const values = new Float64Array(starts[n]!);
  for (let w = 0; w < n; w++) {
    seqs.set(parts[w]![0], starts[w]!);
    values.set(parts[w]![1], starts[w]!);
  }
  return {
    samples(delivered: number, open: TimeSpan, put): void {
      for (let w = countAtMost(times, open.after); w < n && times[w]! <= open.until; w++) {
        const i = countBelow(seqs, delivered, starts[w + 1]!, starts[w]!) - 1;
        if (i >= starts[w]!) put(labels[w]!, times[w]!, values[i]!);
      }
    },
  };
}
