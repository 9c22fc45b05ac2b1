import { describe, expect, it } from 'vitest';
import {
  WALL_CLOCK_HORIZON_MS,
  advanceAnchor,
  catchUpAnchor,
  followTime,
  streamLag,
} from './live-time.ts';

describe('live clock math', () => {
  it('has no edge before the stream has a timestamp', () => {
    expect(followTime(null, 5_000)).toBeNull();
    expect(advanceAnchor(null, null, 5_000)).toBeNull();
  });

  it('anchors at the first stream time and then runs with the wall clock at 1×', () => {
    const a = advanceAnchor(null, 1_000_000, 50);
    expect(a).toEqual({ stream: 1_000_000, wall: 50 });
    expect(followTime(a, 50)).toBe(1_000_000);
    expect(followTime(a, 2_050)).toBe(1_002_000);
  });

  it('jumps ahead to a newer stream time (catching up on a backlog)', () => {
    const a = { stream: 1_000_000, wall: 0 };
    // 300 ms later the stream is at 1 h later: the clock follows the stream.
    expect(advanceAnchor(a, 4_600_000, 300)).toEqual({ stream: 4_600_000, wall: 300 });
  });

  it('never runs backwards when a batch brings a stream time behind the edge', () => {
    const a = { stream: 1_000_000, wall: 0 };
    // 900 ms of wall time put the edge at 1_000_900; the stream only reached 1_000_500.
    const b = advanceAnchor(a, 1_000_500, 900);
    expect(b).toEqual({ stream: 1_000_900, wall: 900 });
    expect(followTime(b, 1_000)).toBe(1_001_000);
  });

  it('ignores a wall clock that stepped back', () => {
    expect(followTime({ stream: 10_000, wall: 500 }, 400)).toBe(10_000);
  });

  it('refuses a stream time that is not a finite number, naming it', () => {
    expect(() => advanceAnchor(null, Number.NaN, 0)).toThrow('invalid stream time: NaN');
  });

  it('moves to the wall clock once caught up with a recent stream', () => {
    const now = 10_000_000;
    const a = { stream: now - 200_000, wall: now - 1_000 };
    expect(catchUpAnchor(a, now - 200_000, now)).toEqual({ stream: now, wall: now });
    expect(catchUpAnchor(null, null, now)).toEqual({ stream: now, wall: now });
  });

  it('keeps following an old stream in its own time when caught up', () => {
    const now = 10_000_000;
    const old = now - WALL_CLOCK_HORIZON_MS - 1;
    const a = { stream: old, wall: now };
    expect(catchUpAnchor(a, old, now)).toBe(a);
  });

  it('measures how far the newest record is behind the wall clock', () => {
    expect(streamLag(9_000, 10_000)).toBe(1_000);
    expect(streamLag(11_000, 10_000)).toBe(0);
    expect(streamLag(null, 10_000)).toBeNull();
  });
});
