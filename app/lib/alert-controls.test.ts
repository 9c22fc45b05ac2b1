import { describe, expect, it } from 'vitest';
import { forText, niceCeil, parseForText, sliderScale } from './alert-controls.ts';

describe('threshold slider bounds', () => {
  it('niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeil(0.3)).toBe(0.5);
    expect(niceCeil(0.2)).toBe(0.2);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(7)).toBe(10);
    expect(niceCeil(130)).toBe(200);
  });

  it('niceCeil rejects values that are not positive', () => {
    expect(() => niceCeil(0)).toThrow('invalid value: 0');
  });

  it('sliderScale covers twice the threshold and the largest value, in 500 steps', () => {
    expect(sliderScale(0.1, 0.44)).toEqual({ min: 0, max: 0.5, step: 0.001 });
    expect(sliderScale(5, 3)).toEqual({ min: 0, max: 10, step: 0.02 });
    // A ratio that reached 1 keeps the slider at [0, 1].
    expect(sliderScale(0.1, 1).max).toBe(1);
  });

  it('sliderScale of a metric no rule watches (threshold Infinity) covers the data alone', () => {
    expect(sliderScale(Number.POSITIVE_INFINITY, 1234)).toEqual({ min: 0, max: 2000, step: 4 });
    expect(sliderScale(Number.POSITIVE_INFINITY, null).max).toBeGreaterThan(0);
  });

  it('sliderScale reaches below zero for negative data', () => {
    expect(sliderScale(1, 1, -3).min).toBe(-5);
  });
});

describe("a rule's for field", () => {
  it('shows whole minutes as a bare number and anything shorter as a duration, never 0.166 min', () => {
    expect(forText(300_000)).toBe('5');
    expect(forText(0)).toBe('0');
    expect(forText(10_000)).toBe('10s');
    expect(forText(90_000)).toBe('90s');
  });

  it('reads a bare number as minutes and a duration as itself; null while half typed', () => {
    expect(parseForText('5')).toBe(300_000);
    expect(parseForText('0.5')).toBe(30_000);
    expect(parseForText('10s')).toBe(10_000);
    expect(parseForText('1m30s')).toBe(90_000);
    expect(parseForText('10x')).toBeNull();
    expect(parseForText('')).toBeNull();
    expect(parseForText(forText(10_000))).toBe(10_000);
  });
});
