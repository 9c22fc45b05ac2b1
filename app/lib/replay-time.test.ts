import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_GAP_MS,
  advanceByWallTime,
  clampTime,
  isAtEnd,
  speedForKey,
  speedLabel,
  stepTime,
} from './replay-time.ts';

const range = { start: 1_000_000, end: 2_000_000 };

describe('replay time math', () => {
  it('clampTime keeps a time inside [start, end]', () => {
    expect(clampTime(500, range)).toBe(1_000_000);
    expect(clampTime(1_500_000, range)).toBe(1_500_000);
    expect(clampTime(9_000_000, range)).toBe(2_000_000);
  });

  it('clampTime rejects NaN, naming it', () => {
    expect(() => clampTime(Number.NaN, range)).toThrow('invalid replay time: NaN');
  });

  it('advanceByWallTime moves by dt × speed: 16 ms at 60× is 960 ms of replay', () => {
    expect(advanceByWallTime(1_000_000, 16, 60, range)).toBe(1_000_960);
    expect(advanceByWallTime(1_000_000, 100, 1, range)).toBe(1_000_100);
  });

  it('advanceByWallTime caps one frame at MAX_FRAME_GAP_MS of wall time', () => {
    expect(MAX_FRAME_GAP_MS).toBe(250);
    expect(advanceByWallTime(1_000_000, 5_000, 10, range)).toBe(1_002_500);
  });

  it('advanceByWallTime never goes back for a negative dt and stops at the end', () => {
    expect(advanceByWallTime(1_200_000, -50, 600, range)).toBe(1_200_000);
    expect(advanceByWallTime(1_999_000, 200, 600, range)).toBe(2_000_000);
  });

  it('advanceByWallTime rejects a speed that is not positive', () => {
    expect(() => advanceByWallTime(1_000_000, 16, 0, range)).toThrow('invalid speed: 0');
  });

  it('stepTime steps a minute either way, clamped to the range', () => {
    expect(stepTime(1_500_000, 60_000, range)).toBe(1_560_000);
    expect(stepTime(1_500_000, -60_000, range)).toBe(1_440_000);
    expect(stepTime(1_030_000, -60_000, range)).toBe(1_000_000);
    expect(stepTime(1_990_000, 60_000, range)).toBe(2_000_000);
  });

  it('isAtEnd is true from the last record time on', () => {
    expect(isAtEnd(1_999_999, range)).toBe(false);
    expect(isAtEnd(2_000_000, range)).toBe(true);
  });

  it('keys 1–5 choose 1×, 10×, 60×, 600× and max; other keys none', () => {
    expect(['1', '2', '3', '4', '5'].map(speedForKey)).toEqual([1, 10, 60, 600, 'max']);
    expect(speedForKey('6')).toBeNull();
    expect(speedForKey('0')).toBeNull();
    expect(speedForKey('12')).toBeNull();
    expect(speedForKey('a')).toBeNull();
  });

  it('speedLabel writes 60× and max', () => {
    expect(speedLabel(60)).toBe('60×');
    expect(speedLabel('max')).toBe('max');
  });
});
