import { describe, expect, it } from 'vitest';
import { addGap, gapFromMessage, lostOffsets, type LiveGap } from './live-gaps.ts';

const gap = (topic: string, partition: number, from: number, to: number): LiveGap => ({
  topic,
  partition,
  from: BigInt(from),
  to: BigInt(to),
});

describe('live gaps', () => {
  it('reads a gap message as offsets [from, to), exact beyond 2^53', () => {
    expect(
      gapFromMessage({
        type: 'gap',
        topic: 'orders',
        partition: 2,
        from: '9007199254740993',
        to: '9007199254741000',
        message: 'deleted',
      }),
    ).toEqual({ topic: 'orders', partition: 2, from: 9007199254740993n, to: 9007199254741000n });
  });

  it('keeps gaps of different partitions, and gaps of one partition that do not touch, apart and sorted', () => {
    let gaps: LiveGap[] = [];
    gaps = addGap(gaps, gap('orders', 1, 500, 600));
    gaps = addGap(gaps, gap('orders', 0, 100, 200));
    gaps = addGap(gaps, gap('orders', 1, 10, 20));
    gaps = addGap(gaps, gap('alerts', 1, 0, 5));
    expect(gaps).toEqual([
      gap('alerts', 1, 0, 5),
      gap('orders', 0, 100, 200),
      gap('orders', 1, 10, 20),
      gap('orders', 1, 500, 600),
    ]);
    expect(lostOffsets(gaps)).toBe(5n + 100n + 10n + 100n);
  });

  it('merges a gap reported again after a reconnect, overlapping or touching, into one', () => {
    let gaps = addGap([], gap('orders', 0, 150, 250));
    gaps = addGap(gaps, gap('orders', 0, 150, 250));
    expect(gaps).toEqual([gap('orders', 0, 150, 250)]);
    gaps = addGap(gaps, gap('orders', 0, 250, 300));
    gaps = addGap(gaps, gap('orders', 0, 120, 160));
    expect(gaps).toEqual([gap('orders', 0, 120, 300)]);
    expect(lostOffsets(gaps)).toBe(180n);
  });

  it('a gap spanning two earlier ones swallows both', () => {
    let gaps = addGap([], gap('t', 0, 10, 20));
    gaps = addGap(gaps, gap('t', 0, 30, 40));
    gaps = addGap(gaps, gap('t', 0, 15, 35));
    expect(gaps).toEqual([gap('t', 0, 10, 40)]);
  });

  it('returns a new array and leaves the old one as it was', () => {
    const before = [gap('t', 0, 10, 20)];
    const after = addGap(before, gap('t', 0, 20, 30));
    expect(before).toEqual([gap('t', 0, 10, 20)]);
    expect(after).not.toBe(before);
  });
});
