import type { KafkaRecord } from '../../formats/index.ts';
import { flatten } from './flat-string.ts';
import type { TraceDrop, TraceTruth } from './trace-truth.ts';

/** The kitchen topics and their partition counts. */
export const TOPICS = {
  orders: 6,
  'orders-rejected': 3,
  'restaurant-status': 3,
  payments: 3,
  'cluster-metrics': 1,
  'e2e-probe': 1,
  'infra-events': 1,
} as const;

/** A kitchen topic name. */
export type Topic = keyof typeof TOPICS;

/** A generated record; it always has a timestamp. */
export interface TimedRecord extends KafkaRecord {
  timestamp: number;
}

/**
 * Collects records as the simulation produces them, in any time order, keeping only those
 * inside the period `[start, end)`; `deliver()` then puts them in the order a producer
 * appending in time order would have given them, with their offsets.
 */
export class RecordSink {
  private readonly records: TimedRecord[] = [];
  /** collects every order's trace ground truth when set (tests) */
  truth: TraceTruth | null = null;
  /** a service that drops the trace context, and the seed that picks the orders it affects */
  traceDrop: { drop: TraceDrop; seed: number } | null = null;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  /** Adds one record, unless its timestamp falls outside the period. */
  emit(
    topic: Topic,
    partition: number,
    key: string | null,
    timestamp: number,
    value: string,
    headers: Array<[string, string | null]> = [],
  ): void {
    if (timestamp < this.start || timestamp >= this.end) return;
    this.records.push({
      topic,
      partition,
      offset: 0n,
      timestamp,
      key,
      headers,
      value: flatten(value),
    });
  }

  /** The records sorted by timestamp (stable), with per-partition offsets from 0 in that order. */
  deliver(): TimedRecord[] {
    const order = stableOrderByTime(this.records, this.start);
    const delivered: TimedRecord[] = new Array(order.length);
    const next = new Map<string, number[]>();
    for (const topic of Object.keys(TOPICS)) next.set(topic, []);
    // bigints are immutable, so one per offset value serves every partition
    const offsets: bigint[] = [];
    for (let i = 0; i < order.length; i++) {
      const record = this.records[order[i] as number] as TimedRecord;
      const counters = next.get(record.topic) as number[];
      const offset = counters[record.partition] ?? 0;
      counters[record.partition] = offset + 1;
      record.offset = offsets[offset] ??= BigInt(offset);
      delivered[i] = record;
    }
    return delivered;
  }
}

/**
 * Indices of `records` in timestamp order, ties in insertion order: an LSD radix sort on the
 * time since `start` (two 16-bit passes; the period is under 2^32 ms), O(n) where a comparison
 * sort of a day's records is the slowest step of generation.
 */
function stableOrderByTime(records: readonly TimedRecord[], start: number): Uint32Array {
  const n = records.length;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = (records[i] as TimedRecord).timestamp - start;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Uint32Array(n);
  for (const shift of [0, 16]) {
    const counts = new Uint32Array(65537);
    for (let i = 0; i < n; i++) {
      const bucket = ((keys[i] as number) >>> shift) & 0xffff;
      counts[bucket + 1] = (counts[bucket + 1] as number) + 1;
    }
    for (let b = 1; b <= 65536; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    for (let i = 0; i < n; i++) {
      const index = order[i] as number;
      const bucket = ((keys[index] as number) >>> shift) & 0xffff;
      scratch[counts[bucket] as number] = index;
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    [order, scratch] = [scratch, order];
  }
  return order;
}
