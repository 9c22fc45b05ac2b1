import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads days, hours, minutes and seconds, alone or combined', () => {
    expect(parseDuration('6h')).toBe(21_600_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d2h3m4s')).toBe(93_784_000);
  });

  it('throws an error naming the input for anything else', () => {
    for (const bad of ['6x', '', 'h', '1.5h', '30m1h', '-2h', '6 h', '0h']) {
      expect(() => parseDuration(bad)).toThrow(`invalid duration "${bad}"`);
    }
  });
});
