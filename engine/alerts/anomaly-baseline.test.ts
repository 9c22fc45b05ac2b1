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

describe('robust and smoothed baselines', () => {
  it('median: the median and 1.4826 × MAD of the window, unmoved by one outlier in it', () => {
    // k=5: window [1, 2, 3, 4, 100]: median 3, |x − 3| = [2, 1, 0, 1, 97] → MAD 1
    const s = regular([1, 2, 3, 4, 100, 6], M);
    const b = baselineZScores(s, { intervalMs: M, windowMs: 5 * M, centre: 'median' });
    expect(b.mean.values[5]).toBe(3);
    expect(b.std.values[5]).toBeCloseTo(1.482602218505602, 12);
    expect(b.z.values[5]).toBeCloseTo(3 / 1.482602218505602, 12);
    expect(b.deviation.values[5]).toBe(3);
    // the mean baseline is dragged by the outlier: mean 22, z below zero
    const mean = baselineZScores(s, { intervalMs: M, windowMs: 5 * M });
    expect(mean.mean.values[5]).toBe(22);
    expect(mean.z.values[5]).toBeLessThan(0);
  });

  it('median, seasonal: pools the same hour of past days, even count takes the middle two', () => {
    const values = new Array<number>(72).fill(0);
    values[5] = 10;
    values[29] = 14;
    values[53] = 20;
    const b = baselineZScores(regular(values, H), {
      intervalMs: H,
      windowMs: H,
      seasonal: { periods: 2 },
      centre: 'median',
    });
    // {10, 14}: median 12, |dev| {2, 2} → MAD 2
    expect(b.mean.values[53]).toBe(12);
    expect(b.std.values[53]).toBeCloseTo(2 * 1.482602218505602, 12);
  });

  it('ewma: α = 2/(N+1) over every earlier point, Finch’s incremental variance', () => {
    // N = 3 → α = 0.5. x = 2, 4, 8: after 2: level 2, var 0; after 4: d 2, level 3,
    // var 0.5·(0 + 0.5·4) = 1; at k=2 the baseline is level 3, σ 1 → z = (8 − 3)/1
    const b = baselineZScores(regular([2, 4, 8], M), {
      intervalMs: M,
      windowMs: 3 * M,
      centre: 'ewma',
    });
    expect(b.mean.values[1]).toBeNaN(); // one point, below minPoints 2
    expect(b.mean.values[2]).toBe(3);
    expect(b.std.values[2]).toBe(1);
    expect(b.z.values[2]).toBe(5);
    expect(() =>
      baselineZScores(regular([1], M), {
        intervalMs: M,
        windowMs: M,
        centre: 'ewma',
        seasonal: { periods: 1 },
      }),
    ).toThrow('a seasonal baseline takes mean or median');
  });
});

describe('evaluateAnomaly: deviation floors, warm-up and hysteresis', () => {
  const options = { intervalMs: M, windowMs: 4 * M };

  it('a near-flat series does not page on a wiggle below the minimum deviation', () => {
    const flat = regular([5, 5, 5, 5, 5.01, 5, 5, 5, 9], M);
    expect(evaluateAnomaly(flat, { k: 3, forMs: 0 }, options).intervals).toHaveLength(2);
    const floored = evaluateAnomaly(flat, { k: 3, forMs: 0, minDeviation: 0.5 }, options);
    expect(floored.intervals).toEqual([{ series: 's', start: T0 + 8 * M, end: null }]);
    // 10% of the centre (5) is 0.5 too
    const relative = evaluateAnomaly(flat, { k: 3, forMs: 0, minRelativeDeviation: 0.1 }, options);
    expect(relative.intervals).toEqual(floored.intervals);
  });

  it('warm-up: no alert before it has passed since the first sample', () => {
    const s = regular([0, 2, 0, 2, 0, 2, 0, 2, 10, 2, 0, 2, 0], M);
    expect(evaluateAnomaly(s, { k: 3, forMs: 0 }, options).intervals).toHaveLength(1);
    expect(evaluateAnomaly(s, { k: 3, forMs: 0, warmUpMs: 9 * M }, options).intervals).toEqual([]);
    expect(evaluateAnomaly(s, { k: 3, forMs: 0, warmUpMs: 8 * M }, options).intervals).toHaveLength(
      1,
    );
  });

  it('hysteresis: past k it fires, and holds while past clearK', () => {
    const s = regular([0, 1, 0, 1, 0, 1, 6, 3.5, 3.5, 0, 1, 0], M);
    const w = { intervalMs: M, windowMs: 6 * M };
    const rule = { k: 4, forMs: 0, direction: 'above' as const };
    const r = evaluateAnomaly(s, rule, w);
    // at 6: {0,1,0,1,0,1} mean 0.5, σ √0.3 → z ≈ 10.0; at 7: {1,0,1,0,1,6} mean 1.5, σ √5.1
    // → z ≈ 0.89; at 8: {0,1,0,1,6,3.5} mean 23/12, σ √(28.208…/5) → z ≈ 0.67; at 9: z < 0
    expect(r.z.values[6]).toBeCloseTo(5.5 / Math.sqrt(0.3), 9);
    expect(r.z.values[7]).toBeCloseTo(2 / Math.sqrt(5.1), 9);
    expect(r.z.values[8]).toBeCloseTo((3.5 - 23 / 12) / Math.sqrt(4062 / 144 / 5), 9);
    expect(r.z.values[9]).toBeLessThan(0);
    expect(r.intervals).toEqual([{ series: 's', start: T0 + 6 * M, end: T0 + 7 * M }]);
    const held = evaluateAnomaly(s, { ...rule, clearK: 0.5 }, w);
    expect(held.intervals).toEqual([{ series: 's', start: T0 + 6 * M, end: T0 + 9 * M }]);
    expect(() => evaluateAnomaly(s, { ...rule, clearK: 5 }, w)).toThrow('invalid clearK: 5');
  });
});
