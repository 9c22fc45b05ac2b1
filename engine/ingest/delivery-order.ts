/** The order in which replay delivers a source's records, and the stream time at each delivery. */
export interface DeliveryOrder {
  /** `seqOf[i]`: delivery index of the record at source index `i` (-1: not delivered) */
  seqOf: Int32Array;
  /** `streamTimes[seq]`: stream time (largest timestamp delivered so far) once record `seq` is delivered; non-decreasing */
  streamTimes: Float64Array;
}

/**
 * Merges partitions by timestamp, keeping each partition's own order (DESIGN "Replay
 * semantics"): repeatedly deliver the partition head with the smallest timestamp; ties go to
 * the lower partition index. Stream time is the running maximum of delivered timestamps.
 *
 * Inputs are per record in source order: `partitionOf[i]` in `[0, partitions)`, or -1 for a
 * record left out (never delivered, no predecessor of any), and `timestamps[i]` (ms, NaN when
 * absent). A record without a timestamp orders as its predecessor in the partition; one with no
 * predecessor that has a timestamp orders at `fallback` (the source's first timestamp).
 *
 * Stream time after a record is `max(stream time before it, its timestamp)`, so for any
 * `x > ts` the stream time before it was `>= x` exactly when its own stream time is: the metric
 * SQL finds late records from `_ts` and `_stream_ts` alone.
 */
export function deliveryOrder(
  partitionOf: Int32Array,
  timestamps: Float64Array,
  partitions: number,
  fallback: number,
): DeliveryOrder {
  const n = partitionOf.length;
  if (timestamps.length !== n) {
    throw new Error(`invalid timestamps: ${timestamps.length} values for ${n} records`);
  }
  // Counting sort of record indices by partition (stable): partition p owns members[begin[p]..begin[p+1]).
  const begin = new Int32Array(partitions + 1);
  for (let i = 0; i < n; i++) begin[partitionOf[i]! + 1]!++;
  // Left-out records were counted in begin[0]: they belong to no partition.
  const delivered = n - begin[0]!;
  begin[0] = 0;
  for (let p = 0; p < partitions; p++) begin[p + 1]! += begin[p]!;
  const members = new Int32Array(delivered);
  const fill = begin.slice(0, partitions);
  const seqOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = partitionOf[i]!;
    if (p >= 0) members[fill[p]!++] = i;
    else seqOf[i] = -1;
  }

  const effective = new Float64Array(n);
  for (let p = 0; p < partitions; p++) {
    let last = fallback;
    for (let k = begin[p]!; k < begin[p + 1]!; k++) {
      const i = members[k]!;
      const ts = timestamps[i]!;
      if (!Number.isNaN(ts)) last = ts;
      effective[i] = last;
    }
  }

  const heads = begin.slice(0, partitions);
  // A binary min-heap of partitions, by the effective timestamp of their head, then index.
  const keys = new Float64Array(partitions);
  const heap = new Int32Array(partitions);
  let size = 0;
  for (let p = 0; p < partitions; p++) {
    if (heads[p]! === begin[p + 1]!) continue;
    keys[p] = effective[members[heads[p]!]!]!;
    heap[size] = p;
    siftUp(heap, keys, size++);
  }

  const streamTimes = new Float64Array(delivered);
  let streamTime = -Infinity;
  for (let seq = 0; seq < delivered; seq++) {
    const p = heap[0]!;
    const i = members[heads[p]!++]!;
    seqOf[i] = seq;
    const ts = effective[i]!;
    if (ts > streamTime) streamTime = ts;
    streamTimes[seq] = streamTime;
    if (heads[p]! < begin[p + 1]!) keys[p] = effective[members[heads[p]!]!]!;
    else heap[0] = heap[--size]!;
    siftDown(heap, keys, size, 0);
  }
  return { seqOf, streamTimes };
}

function before(keys: Float64Array, a: number, b: number): boolean {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka < kb || (ka === kb && a < b);
}

function siftUp(heap: Int32Array, keys: Float64Array, at: number): void {
  const p = heap[at]!;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    const q = heap[parent]!;
    if (!before(keys, p, q)) break;
    heap[at] = q;
    at = parent;
  }
  heap[at] = p;
}

function siftDown(heap: Int32Array, keys: Float64Array, size: number, at: number): void {
  if (size === 0) return;
  const p = heap[at]!;
  for (;;) {
    const l = 2 * at + 1;
    if (l >= size) break;
    const r = l + 1;
    const child = r < size && before(keys, heap[r]!, heap[l]!) ? r : l;
    const c = heap[child]!;
    if (!before(keys, c, p)) break;
    heap[at] = c;
    at = child;
  }
  heap[at] = p;
}
