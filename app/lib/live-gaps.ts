import type { GapMessage } from '../../formats/index.ts';

/** Offsets of one partition a live stream will never deliver: `from` up to, not including, `to`. */
export interface LiveGap {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

/** The gap a bridge message reports. */
export function gapFromMessage(message: GapMessage): LiveGap {
  return {
    topic: message.topic,
    partition: message.partition,
    from: BigInt(message.from),
    to: BigInt(message.to),
  };
}

/**
 * The gaps with `gap` added, merged with any gap of its partition it overlaps or touches (a
 * reconnect reports again what the last connection already reported), sorted by topic, partition
 * and offset. A new array: the caller stores it as state.
 */
export function addGap(gaps: readonly LiveGap[], gap: LiveGap): LiveGap[] {
  let merged = { ...gap };
  const out: LiveGap[] = [];
  for (const g of gaps) {
    const same = g.topic === merged.topic && g.partition === merged.partition;
    if (same && g.from <= merged.to && merged.from <= g.to) {
      merged = {
        ...merged,
        from: g.from < merged.from ? g.from : merged.from,
        to: g.to > merged.to ? g.to : merged.to,
      };
    } else out.push(g);
  }
  out.push(merged);
  return out.sort(
    (a, b) =>
      (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0) ||
      a.partition - b.partition ||
      (a.from < b.from ? -1 : a.from > b.from ? 1 : 0),
  );
}

/** Offsets lost over all gaps. */
export function lostOffsets(gaps: readonly LiveGap[]): bigint {
  let n = 0n;
  for (const g of gaps) n += g.to - g.from;
  return n;
}
