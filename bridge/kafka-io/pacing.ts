import type { KafkaRecord } from '../../formats/index.ts';

/** A replay speed: a multiple of real time, or `'max'` for as fast as the broker takes records. */
export type Speed = number | 'max';

/**
 * How records are spaced when produced. `speed` divides the original gaps between timestamps;
 * `realtime` sends each record when the wall clock reaches its own timestamp (speed 1, absolute).
 */
export interface Pacing {
  speed: Speed;
  realtime?: boolean;
}

/** Parses `--speed`: a positive number (`10`, `0.5`, `2x`) or `max`. */
export function parseSpeed(text: string, option = '--speed'): Speed {
  const t = text.trim().toLowerCase();
  if (t === 'max') return 'max';
  const n = Number(t.endsWith('x') ? t.slice(0, -1) : t);
  if (t === '' || !Number.isFinite(n) || n <= 0) {
    throw new Error(
      `invalid ${option}: "${text}" (expected a positive number such as 1, 10, 0.5, or max)`,
    );
  }
  return n;
}

/** Rejects pacings that cannot be honoured, naming the option. */
export function checkPacing(pacing: Pacing): void {
  if (pacing.speed !== 'max' && !(Number.isFinite(pacing.speed) && pacing.speed > 0)) {
    throw new Error(`invalid speed: ${String(pacing.speed)} (expected a positive number or 'max')`);
  }
  if (pacing.realtime && pacing.speed !== 1) {
    throw new Error(
      `invalid pacing: realtime follows the wall clock, so speed must be 1, not ${pacing.speed}`,
    );
  }
}

/**
 * When a record is due, in wall-clock ms: `anchor.wall + (timestamp − anchor.ts) / speed`, or its
 * own timestamp when realtime. Records without a timestamp, and every record at speed `max`, are
 * due at once (−Infinity).
 */
export function dueAt(
  timestamp: number | null,
  pacing: Pacing,
  anchor: { wall: number; ts: number },
): number {
  if (timestamp === null || pacing.speed === 'max') return -Infinity;
  if (pacing.realtime) return timestamp;
  return anchor.wall + (timestamp - anchor.ts) / pacing.speed;
}

interface Queued {
  record: KafkaRecord;
  size: number;
  seq: number;
}

/**
 * Records held ahead of sending, one FIFO lane per topic-partition. Taking always picks the lane
 * head with the smallest timestamp (ties: arrival order), so partitions are merged into timestamp
 * order as far as the buffer reaches, while each partition's own order is never changed.
 */
export class LaneMerge {
  private readonly lanes = new Map<string, { items: Queued[]; head: number }>();
  private seq = 0;
  count = 0;
  bytes = 0;

  add(record: KafkaRecord, size: number): void {
    const key = `${record.partition}\u0000${record.topic}`;
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { items: [], head: 0 };
      this.lanes.set(key, lane);
    }
    lane.items.push({ record, size, seq: this.seq++ });
    this.count++;
    this.bytes += size;
  }

  /** The smallest timestamp held, or null when none has one. */
  minTimestamp(): number | null {
    let min: number | null = null;
    for (const lane of this.lanes.values()) {
      for (let i = lane.head; i < lane.items.length; i++) {
        const ts = lane.items[i]!.record.timestamp;
        if (ts !== null && (min === null || ts < min)) min = ts;
      }
    }
    return min;
  }

  /** The head that goes next (and its size as added), or undefined when empty. */
  peek(): { record: KafkaRecord; size: number } | undefined {
    const lane = this.pick();
    return lane?.items[lane.head];
  }

  /** Removes and returns the head that goes next. */
  shift(): { record: KafkaRecord; size: number } | undefined {
    const lane = this.pick();
    if (lane === undefined) return undefined;
    const item = lane.items[lane.head]!;
    lane.head++;
    if (lane.head === lane.items.length) {
      lane.items = [];
      lane.head = 0;
    } else if (lane.head > 1024 && lane.head * 2 > lane.items.length) {
      lane.items = lane.items.slice(lane.head);
      lane.head = 0;
    }
    this.count--;
    this.bytes -= item.size;
    return { record: item.record, size: item.size };
  }

  private pick(): { items: Queued[]; head: number } | undefined {
    let best: { items: Queued[]; head: number } | undefined;
    let bestItem: Queued | undefined;
    for (const lane of this.lanes.values()) {
      const item = lane.items[lane.head];
      if (item === undefined) continue;
      if (bestItem === undefined || before(item, bestItem)) {
        best = lane;
        bestItem = item;
      }
    }
    return best;
  }
}

/** Null timestamps sort first: they are due at once. */
function before(a: Queued, b: Queued): boolean {
  const ta = a.record.timestamp ?? -Infinity;
  const tb = b.record.timestamp ?? -Infinity;
  return ta < tb || (ta === tb && a.seq < b.seq);
}
