import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads one term of each unit, ms to y', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('90s')).toBe(90_000); // 90 × 1000
    expect(parseDuration('30m')).toBe(1_800_000); // 30 × 60 000
    expect(parseDuration('6h')).toBe(21_600_000); // 6 × 3 600 000
    expect(parseDuration('2d')).toBe(172_800_000); // 2 × 86 400 000
    expect(parseDuration('30d')).toBe(2_592_000_000); // 30 × 86 400 000
    expect(parseDuration('2w')).toBe(1_209_600_000); // 14 × 86 400 000
    expect(parseDuration('1y')).toBe(31_536_000_000); // 365 × 86 400 000
  });

  it('adds up terms written together, Prometheus style', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000); // 3 600 000 + 1 800 000
    expect(parseDuration('1d2h3m4s')).toBe(93_784_000); // 86 400 000 + 7 200 000 + 180 000 + 4000
    expect(parseDuration('1s500ms')).toBe(1500);
    expect(parseDuration('1w1d')).toBe(691_200_000); // 8 × 86 400 000
  });

  it('keeps the CLI time-ago leniencies: fractions (rounded to the ms) and any order', () => {
    expect(parseDuration('1.5h')).toBe(5_400_000); // 1.5 × 3 600 000
    expect(parseDuration('0.25s')).toBe(250);
    expect(parseDuration('1.1s')).toBe(1100); // 1100.0000000000002 as a double, rounded
    expect(parseDuration('30m1h')).toBe(5_400_000);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseDuration(' 5m ')).toBe(300_000);
  });

  it('refuses zero unless allowZero, and then reads `0` alone or with a unit', () => {
    expect(() => parseDuration('0h')).toThrow('invalid duration "0h": must be longer than zero');
    expect(() => parseDuration('0')).toThrow('invalid duration "0": must be longer than zero');
    expect(parseDuration('0', { allowZero: true })).toBe(0);
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
  });

  it('throws an error naming the input for anything else', () => {
    for (const bad of [
      '6x',
      '',
      ' ',
      'h',
      '5',
      '.5h',
      '1.h',
      '-2h',
      '6 h',
      '5 min',
      '1H',
      '1e3s',
    ]) {
      expect(() => parseDuration(bad, { allowZero: true })).toThrow(
        `invalid duration "${bad}": expected a number with a unit`,
      );
    }
  });

  it('refuses a duration too long to count in whole ms exactly', () => {
    expect(() => parseDuration('300000y')).toThrow('invalid duration "300000y": too long');
  });
});

describe('formatDuration', () => {
  it('writes the largest unit that divides the duration exactly', () => {
    expect(
      [0, 90_000, 300_000, 86_400_000, 1500, 604_800_000, 31_536_000_000].map(formatDuration),
    ).toEqual(['0s', '90s', '5m', '1d', '1500ms', '1w', '365d']);
  });

  it('is read back to the same ms by parseDuration', () => {
    for (const ms of [0, 1, 999, 61_000, 5_400_000, 90_061_500, 1_209_600_000]) {
      expect(parseDuration(formatDuration(ms), { allowZero: true })).toBe(ms);
    }
  });

  it('throws for a negative or fractional number of ms', () => {
    expect(() => formatDuration(-1)).toThrow('invalid duration: -1');
    expect(() => formatDuration(1.5)).toThrow('invalid duration: 1.5');
  });
});
