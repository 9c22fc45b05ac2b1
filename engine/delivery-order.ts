/** The order in which replay delivers a source's records, and the stream time at each delivery. */
export interface DeliveryOrder {
  /** `seqOf[i]`: delivery index of the record at source index `i` */
  seqOf: Int32Array;
  /** `streamTimes[seq]`: stream time (largest timestamp delivered so far) once record `seq` is delivered; non-decreasing */
  streamTimes: Float64Array;
}

/**
 * Merges partitions by timestamp, keeping each partition's own order (DESIGN "Replay
 * semantics"): repeatedly deliver the partition head with the smallest timestamp; ties go to
 * the lower partition index. Stream time is the running maximum of delivered timestamps.
 *
 * Inputs are per record in source order: `partitionOf[i]` in `[0, partitions)` and
 * `timestamps[i]` (ms, NaN when absent). A record without a timestamp orders as its
 * predecessor in the partition; one with no predecessor that has a timestamp orders at
 * `fallback` (the source's first timestamp).
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
  for (let p = 0; p < partitions; p++) begin[p + 1]! += begin[p]!;
  const members = new Int32Array(n);
  const fill = begin.slice(0, partitions);
  for (let i = 0; i < n; i++) members[fill[partitionOf[i]!]!++] = i;

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
  const heap = new PartitionHeap(partitions, (p) => effective[members[heads[p]!]!]!);
  for (let p = 0; p < partitions; p++) if (heads[p]! < begin[p + 1]!) heap.push(p);

  const seqOf = new Int32Array(n);
  const streamTimes = new Float64Array(n);
  let streamTime = -Infinity;
  for (let seq = 0; seq < n; seq++) {
    const p = heap.top();
    const i = members[heads[p]!++]!;
    seqOf[i] = seq;
    if (effective[i]! > streamTime) streamTime = effective[i]!;
    streamTimes[seq] = streamTime;
    if (heads[p]! < begin[p + 1]!) heap.replaceTop(p);
    else heap.pop();
  }
  return { seqOf, streamTimes };
}

/** A binary min-heap of partition indices ordered by their head's timestamp, then index. */
class PartitionHeap {
  private readonly items: Int32Array;
  private size = 0;

  constructor(
    capacity: number,
    private readonly key: (p: number) => number,
  ) {
    this.items = new Int32Array(capacity);
  }

  top(): number {
    return this.items[0]!;
  }

  push(p: number): void {
    this.items[this.size++] = p;
    this.up(this.size - 1);
  }

  pop(): void {
    this.items[0] = this.items[--this.size]!;
    this.down(0);
  }

  /** The top's head moved on: re-place it. */
  replaceTop(p: number): void {
    this.items[0] = p;
    this.down(0);
  }

  private less(a: number, b: number): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    return ka < kb || (ka === kb && a < b);
  }

  private up(at: number): void {
    const items = this.items;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(items[at]!, items[parent]!)) break;
      [items[at], items[parent]] = [items[parent]!, items[at]!];
      at = parent;
    }
  }

  private down(at: number): void {
    const items = this.items;
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let best = at;
      if (l < this.size && this.less(items[l]!, items[best]!)) best = l;
      if (r < this.size && this.less(items[r]!, items[best]!)) best = r;
      if (best === at) return;
      [items[at], items[best]] = [items[best]!, items[at]!];
      at = best;
    }
  }
}
