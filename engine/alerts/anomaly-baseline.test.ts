import { describe, expect, it } from 'vitest';
import type { Series } from '../contract.ts';
import { baselineZScores, evaluateAnomaly } from './anomaly-baseline.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;
const H = 3_600_000;

function regular(values: number[], stepMs: number): Series {
  return {
    label: 's',
    times: Float64Array.from(values, (_, k) => T0 + k * stepMs),
    values: Float64Array.from(values),
  };
}

describe('baselineZScores', () => {
  it('uses the trailing window before each evaluation: mean, sample std and z', () => {
    const b = baselineZScores(regular([1, 2, 3, 4, 5], M), { intervalMs: M, windowMs: 3 * M });
    // k=2: [1, 2] mean 1.5, std √0.5 → z = 1.5 / √0.5; k=3: [1, 2, 3] mean 2, std 1 → z = 2
    expect(b.z.values[0]).toBeNaN();
    expect(b.z.values[1]).toBeNaN(); // one point is below the default minimum of 2
    expect(b.z.values[2]).toBeCloseTo(1.5 / Math.sqrt(0.5), 12);
    expect(b.mean.values[3]).toBeCloseTo(2, 12);
    expect(b.std.values[3]).toBeCloseTo(1, 12);
    expect(b.z.values[3]).toBeCloseTo(2, 12);
    expect(b.z.values[4]).toBeCloseTo(2, 12);
    expect(b.z.times[4]).toBe(T0 + 4 * M);
  });

  it('seasonal: compares with the same hour on past days', () => {
    const values = new Array<number>(72).fill(0);
    values[5] = 10;
    values[29] = 14;
    values[53] = 20;
    const b = baselineZScores(regular(values, H), {
      intervalMs: H,
      windowMs: H,
      seasonal: { periods: 2 },
    });
    // day 2, 05:00: baseline {10, 14}, mean 12, std √8 → z = 8 / √8
    expect(b.mean.values[53]).toBeCloseTo(12, 12);
    expect(b.z.values[53]).toBeCloseTo(8 / Math.sqrt(8), 12);
    expect(b.z.values[54]).toBe(0); // flat baseline {0, 0} and value 0
    expect(b.z.values[29]).toBeNaN(); // only one past day
  });

  it('a flat baseline turns any change into ±∞ unless minStd floors the deviation', () => {
    const s = regular([5, 5, 5, 5, 6], M);
    expect(baselineZScores(s, { intervalMs: M, windowMs: 4 * M }).z.values[4]).toBe(Infinity);
    const floored = baselineZScores(s, { intervalMs: M, windowMs: 4 * M, minStd: 0.5 });
    expect(floored.z.values[4]).toBeCloseTo(2, 12);
  });

  it('rejects a window that is not a whole number of intervals', () => {
    expect(() => baselineZScores(regular([1], M), { intervalMs: M, windowMs: 90_000 })).toThrow(
      'invalid windowMs: 90000',
    );
  });
});

describe('evaluateAnomaly', () => {
  // baseline over the 4 previous minutes; at minute 8 it is {0, 2, 0, 2}: mean 1, std √(4/3),
  // z = 9 / √(4/3) ≈ 7.8; at minute 9 the spike is in the baseline: {2, 0, 2, 10}, z ≈ 1.47
  const s = regular([0, 2, 0, 2, 0, 2, 0, 2, 10, 10, 10, 2, 0, 2, 0], M);
  const options = { intervalMs: M, windowMs: 4 * M };

  it('fires while |z| > k, held for for', () => {
    const r = evaluateAnomaly(s, { k: 3, forMs: 0 }, options);
    expect(r.z.values[8]).toBeCloseTo(9 / Math.sqrt(4 / 3), 12);
    expect(r.intervals).toEqual([{ series: 's', start: T0 + 8 * M, end: T0 + 9 * M }]);
    expect(evaluateAnomaly(s, { k: 3, forMs: M }, options).intervals).toEqual([]);
  });

  it("direction 'below' ignores upward spikes", () => {
    expect(evaluateAnomaly(s, { k: 3, forMs: 0, direction: 'below' }, options).intervals).toEqual(
      [],
    );
  });
});
