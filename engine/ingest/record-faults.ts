import { countAtMost } from '../sorted-search.ts';
import type { RecordFault, RecordFaultKind } from '../contract.ts';
import { MALFORMED_LINES_KEPT } from './source-counts.ts';

/**
 * The line of each record of a recording, from where the lines that are not records (blank or
 * malformed) fall: records and lines both count in file order, so record `i` is line
 * `i + 1 + (lines that are not records before it)`. Keeps one number per such line only.
 */
export class RecordLines {
  /** per line that is not a record: how many records came before it (non-decreasing) */
  private before = new Int32Array(64);
  private length = 0;

  /** Notes a line that is not a record, after `records` records. */
  skip(records: number): void {
    if (this.length === this.before.length) {
      const bigger = new Int32Array(this.length * 2);
      bigger.set(this.before);
      this.before = bigger;
    }
    this.before[this.length++] = records;
  }

  /** The 1-based line of record `index`. */
  lineOf(index: number): number {
    // Lines noted after at most `index` records come before record `index`.
    return index + 1 + countAtMost(this.before, index, this.length);
  }
}

/** Faults of one kind, by record index ascending, with a way to tell each one's reason. */
export interface FaultSource {
  kind: RecordFaultKind;
  indices: ArrayLike<number>;
  reason: (k: number) => string;
}

/**
 * The first `MALFORMED_LINES_KEPT` faults of all `sources` in record (so line) order, each
 * source's indices ascending. Reasons are made for the faults kept only.
 */
export function firstFaults(
  sources: readonly FaultSource[],
  lines: RecordLines,
  where: (index: number) => { topic: string; partition: number },
): RecordFault[] {
  const at = sources.map(() => 0);
  const out: RecordFault[] = [];
  while (out.length < MALFORMED_LINES_KEPT) {
    let best = -1;
    for (let s = 0; s < sources.length; s++) {
      const k = at[s]!;
      const indices = sources[s]!.indices;
      if (k < indices.length && (best < 0 || indices[k]! < sources[best]!.indices[at[best]!]!)) {
        best = s;
      }
    }
    if (best < 0) break;
    const source = sources[best]!;
    const k = at[best]!++;
    const index = source.indices[k]!;
    out.push({
      line: lines.lineOf(index),
      kind: source.kind,
      reason: source.reason(k),
      ...where(index),
    });
  }
  return out;
}
