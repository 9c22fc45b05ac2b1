/**
 * The records of a source that repeat the (partition, offset) of an earlier record — a Kafka
 * log holds one record per offset, so a repeat is the same record read twice (overlapping
 * captures, a consumer's retry) — as `duplicate index → index of the first`, first in source
 * order.
 *
 * Inputs are per record in source order: `partitionOf[i]` (any partition index; only those in
 * `check` are looked at: the partitions whose offsets did not always increase) and
 * `offsets[i]`, the offset as a double; `exact` holds the offsets above 2^53 as read, which
 * doubles cannot tell apart.
 */
export function duplicateOffsets(
  partitionOf: Int32Array,
  offsets: Float64Array,
  exact: ReadonlyMap<number, bigint>,
  check: ReadonlySet<number>,
): Map<number, number> {
  const duplicates = new Map<number, number>();
  if (check.size === 0) return duplicates;
  const members = new Map<number, number[]>();
  for (const p of check) members.set(p, []);
  for (let i = 0; i < partitionOf.length; i++) members.get(partitionOf[i]!)?.push(i);
  for (const indices of members.values()) {
    // Stable: equal offsets stay in source order, so the first of each run is the first read.
    indices.sort((a, b) => offsets[a]! - offsets[b]! || a - b);
    for (let k = 0; k < indices.length;) {
      let end = k + 1;
      while (end < indices.length && offsets[indices[end]!] === offsets[indices[k]!]) end++;
      if (end - k > 1) markRun(indices.slice(k, end), exact, duplicates);
      k = end;
    }
  }
  return duplicates;
}

/** Marks the repeats within indices (in source order) whose offsets are equal as doubles. */
function markRun(
  run: number[],
  exact: ReadonlyMap<number, bigint>,
  duplicates: Map<number, number>,
): void {
  const firstOf = new Map<bigint | string, number>();
  for (const i of run) {
    // Offsets below 2^53 are exact as doubles: the whole run is one offset.
    const key = exact.get(i) ?? 'safe';
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, i);
    else duplicates.set(i, first);
  }
}
