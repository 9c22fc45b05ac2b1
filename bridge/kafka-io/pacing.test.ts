import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { checkPacing, dueAt, LaneMerge, parseSpeed } from './pacing.ts';

function rec(
  topic: string,
  partition: number,
  offset: number,
  timestamp: number | null,
): KafkaRecord {
  return {
    topic,
    partition,
    offset: BigInt(offset),
    timestamp,
    key: null,
    headers: [],
    value: `${topic}/${partition}/${offset}`,
  };
}

describe('parseSpeed', () => {
  it('reads positive multiples and max', () => {
    expect(parseSpeed('10')).toBe(10);
    expect(parseSpeed('0.5')).toBe(0.5);
    expect(parseSpeed('2x')).toBe(2);
    expect(parseSpeed('MAX')).toBe('max');
  });
  it('fails naming the option and the value', () => {
    expect(() => parseSpeed('0')).toThrow(
      'invalid --speed: "0" (expected a positive number such as 1, 10, 0.5, or max)',
    );
    expect(() => parseSpeed('-2')).toThrow('invalid --speed: "-2"');
    expect(() => parseSpeed('fast')).toThrow('invalid --speed: "fast"');
    expect(() => parseSpeed('')).toThrow('invalid --speed: ""');
  });
});

describe('checkPacing', () => {
  it('realtime follows the wall clock, so only at speed 1', () => {
    expect(() => checkPacing({ speed: 1, realtime: true })).not.toThrow();
    expect(() => checkPacing({ speed: 2, realtime: true })).toThrow('speed must be 1, not 2');
    expect(() => checkPacing({ speed: 0 })).toThrow('invalid speed: 0');
  });
});

describe('dueAt', () => {
  const anchor = { wall: 1_000_000, ts: 50_000 };
  it('divides the gap since the anchor record by the speed', () => {
    expect(dueAt(52_000, { speed: 10 }, anchor)).toBe(1_000_200);
    expect(dueAt(52_000, { speed: 1 }, anchor)).toBe(1_002_000);
    expect(dueAt(52_000, { speed: 0.5 }, anchor)).toBe(1_004_000);
  });
  it('a record older than the anchor is already due', () => {
    expect(dueAt(49_000, { speed: 1 }, anchor)).toBe(999_000);
  });
  it('realtime: a record is due at its own timestamp', () => {
    expect(dueAt(52_000, { speed: 1, realtime: true }, anchor)).toBe(52_000);
  });
  it('max speed, and records without a timestamp, are due at once', () => {
    expect(dueAt(52_000, { speed: 'max' }, anchor)).toBe(-Infinity);
    expect(dueAt(null, { speed: 1 }, anchor)).toBe(-Infinity);
  });
});

describe('LaneMerge', () => {
  function drain(merge: LaneMerge): string[] {
    const out: string[] = [];
    for (let next = merge.shift(); next; next = merge.shift()) out.push(next.record.value!);
    return out;
  }

  it('merges partitions by timestamp while keeping each partition in its own order', () => {
    const merge = new LaneMerge();
    // p0 goes backwards in time at offset 1; it still leaves after offset 0.
    for (const r of [
      rec('t', 0, 0, 300),
      rec('t', 0, 1, 100),
      rec('t', 0, 2, 500),
      rec('t', 1, 0, 200),
      rec('t', 1, 1, 400),
    ]) {
      merge.add(r, 10);
    }
    expect(merge.count).toBe(5);
    expect(merge.bytes).toBe(50);
    expect(merge.minTimestamp()).toBe(100);
    // heads: p0@300, p1@200 → p1/0; p0@300, p1@400 → p0/0; p0@100 → p0/1; p0@500, p1@400 → p1/1; p0/2.
    expect(drain(merge)).toEqual(['t/1/0', 't/0/0', 't/0/1', 't/1/1', 't/0/2']);
    expect(merge.count).toBe(0);
    expect(merge.bytes).toBe(0);
  });

  it('breaks timestamp ties by arrival, and sends records without a timestamp first', () => {
    const merge = new LaneMerge();
    merge.add(rec('a', 0, 0, 100), 1);
    merge.add(rec('b', 0, 0, 100), 1);
    merge.add(rec('c', 0, 0, null), 1);
    expect(drain(merge)).toEqual(['c/0/0', 'a/0/0', 'b/0/0']);
  });

  it('keeps topics with the same partition number apart', () => {
    const merge = new LaneMerge();
    merge.add(rec('a', 0, 0, 200), 1);
    merge.add(rec('b', 0, 0, 100), 1);
    expect(merge.peek()?.record.value).toBe('b/0/0');
  });
});
