import { describe, expect, it } from 'vitest';
import { SourceTape } from './source-tape.ts';

const tape = new SourceTape(Float64Array.from([10, 20, 20, 30, 40]));

describe('SourceTape', () => {
  it('delivers exactly the records whose stream time is at or before the replay time', () => {
    expect(tape.delivered(9)).toBe(0);
    expect(tape.delivered(10)).toBe(1);
    expect(tape.delivered(19.5)).toBe(1);
    expect(tape.delivered(20)).toBe(3);
    expect(tape.delivered(40)).toBe(5);
    expect(tape.delivered(1e15)).toBe(5);
  });

  it('timeAfter(t, n) is the stream time of the n-th undelivered record', () => {
    expect(tape.timeAfter(0, 1)).toBe(10);
    expect(tape.timeAfter(10, 1)).toBe(20);
    expect(tape.timeAfter(10, 3)).toBe(30);
    expect(tape.timeAfter(15, 100)).toBe(40);
  });

  it('timeAfter stays put when nothing is asked for or nothing is left', () => {
    expect(tape.timeAfter(25, 0)).toBe(25);
    expect(tape.timeAfter(40, 5)).toBe(40);
    expect(tape.timeAfter(55, 1)).toBe(55);
  });
});
