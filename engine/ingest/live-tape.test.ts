import { describe, expect, it } from 'vitest';
import { LiveTape, NO_STREAM_TIME } from './live-tape.ts';

describe('LiveTape', () => {
  it('keeps the running maximum of timestamps across appends; a record without one keeps it', () => {
    const tape = new LiveTape();
    expect(tape.streamTime).toBe(null);
    expect([...tape.append([NaN, 10, 5])]).toEqual([NO_STREAM_TIME, 10, 10]);
    expect([...tape.append([NaN, 20, 15])]).toEqual([10, 20, 20]);
    expect([tape.records, tape.streamTime]).toEqual([6, 20]);
    const source = tape.tape();
    expect([source.delivered(9), source.delivered(10), source.delivered(20)]).toEqual([1, 4, 6]);
  });

  it('grows past its first allocation without losing earlier stream times', () => {
    const tape = new LiveTape();
    const n = 10_000;
    tape.append(Float64Array.from({ length: n }, (_, i) => i));
    tape.append([n + 5]);
    const source = tape.tape();
    expect(source.records).toBe(n + 1);
    expect(source.delivered(4_999)).toBe(5_000);
    expect(source.streamTimes[n]).toBe(n + 5);
  });
});
