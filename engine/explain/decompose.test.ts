import { describe, expect, it } from 'vitest';
import {
  countContributions,
  mixRateSplit,
  ratioContributions,
  stateContributions,
  sumContributions,
} from './decompose.ts';
import { gTest2x2 } from './g-test.ts';

describe('count contributions', () => {
  // Window 10 min, baseline 40 min (k = 4): Talabat 200 in the baseline, 50 expected, 90 seen
  const cells = [
    { value: 'Talabat', window: 90, baseline: 200 },
    { value: 'Careem', window: 20, baseline: 80 },
    { value: 'Direct', window: 10, baseline: 40 },
  ];

  it('gives each value (W_v − B_v/k) / (W − B/k): Talabat (90 − 50) / (120 − 80) = 1, the others 0', () => {
    const out = countContributions('aggregator', cells, 4);
    expect(out.map((c) => [c.value, c.contribution])).toEqual([
      ['Talabat', 1],
      ['Careem', 0],
      ['Direct', 0],
    ]);
    expect(out.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(1, 12);
  });

  it('leave-one-out: without Talabat the change is (30 − 120/4) = 0, so 1 − 0/40 = 1', () => {
    const out = countContributions('aggregator', cells, 4);
    expect(out[0]!.leave_one_out).toBe(1);
    // without Careem: (100 − 240/4) = 40, so 1 − 40/40 = 0
    expect(out[1]!.leave_one_out).toBe(0);
  });

  it('tests each value on its 2×2 table [[W_v, W − W_v], [B_v, B − B_v]]', () => {
    const out = countContributions('aggregator', cells, 4);
    expect(out[0]!.g).toBe(gTest2x2(90, 30, 200, 120).g);
    // G and p computed apart (Python, math.erfc): Talabat's share 0.625 → 0.75
    expect(out[0]!.g).toBeCloseTo(6.2793289956293314, 10);
    expect(out[0]!.p_value).toBeCloseTo(0.012215434434644703, 10);
    // Careem's share 0.25 → 0.167 and Direct's 0.125 → 0.083: not significant at 0.02
    expect(out[1]!.p_value).toBeCloseTo(0.057242829912214375, 10);
    expect(out[2]!.p_value).toBeCloseTo(0.20711716707803118, 10);
  });

  it('refuses a baseline factor that is not positive', () => {
    expect(() => countContributions('a', cells, 0)).toThrow('invalid baseline factor: 0');
  });
});

describe('ratio contributions and the mix/rate split', () => {
  // Baseline: A 10/100, B 10/100 → R₀ = 0.1. Window: A 40/100 (its rate moved), B 5/50 → R₁ = 45/150 = 0.3.
  const cells = [
    { value: 'A', windowNum: 40, windowDen: 100, baselineNum: 10, baselineDen: 100 },
    { value: 'B', windowNum: 5, windowDen: 50, baselineNum: 10, baselineDen: 100 },
  ];

  it('splits R₁ − R₀ = 0.2 into mix and rate that sum to it exactly', () => {
    const split = mixRateSplit('region', cells);
    expect(split.before).toBe(0.1);
    expect(split.after).toBeCloseTo(0.3, 15);
    // A: s 0.5 → 2/3, r 0.1 → 0.4: mix (1/6)(0.25) = 0.041667, rate 0.3 · (7/12) = 0.175
    // B: s 0.5 → 1/3, r 0.1 → 0.1: mix (−1/6)(0.1) = −0.016667, rate 0
    expect(split.values[0]!.mix).toBeCloseTo(1 / 24, 12);
    expect(split.values[0]!.rate).toBeCloseTo(0.175, 12);
    expect(split.values[1]!.mix).toBeCloseTo(-1 / 60, 12);
    expect(split.values[1]!.rate).toBeCloseTo(0, 12);
    expect(split.mix).toBeCloseTo(1 / 24 - 1 / 60, 12);
    expect(split.rate).toBeCloseTo(0.175, 12);
    expect(split.mix + split.rate).toBeCloseTo(split.change, 14);
  });

  it('a value present in one period only takes its ratio from the other: the sum still holds', () => {
    const split = mixRateSplit('region', [
      ...cells,
      { value: 'C', windowNum: 30, windowDen: 50, baselineNum: 0, baselineDen: 0 },
    ]);
    // R₁ = 75/200 = 0.375, R₀ = 0.1
    expect(split.change).toBeCloseTo(0.275, 14);
    expect(split.mix + split.rate).toBeCloseTo(split.change, 14);
    const c = split.values.find((v) => v.value === 'C')!;
    expect([c.rateBefore, c.rateAfter, c.rate]).toEqual([0.6, 0.6, 0]);
  });

  it('gives A (40/150 − 10/200) / 0.2 = 1.0833 of the change and B −0.0833, summing to 1', () => {
    const out = ratioContributions('region', cells);
    expect(out[0]!.contribution).toBeCloseTo((40 / 150 - 10 / 200) / 0.2, 12);
    expect(out[1]!.contribution).toBeCloseTo((5 / 150 - 10 / 200) / 0.2, 12);
    expect(out[0]!.contribution + out[1]!.contribution).toBeCloseTo(1, 12);
    // leaving A out: 5/50 − 10/100 = 0, so all of the change goes away
    expect(out[0]!.leave_one_out).toBeCloseTo(1, 12);
    // B's own rate did not move: [[5, 45], [10, 90]] is proportional
    expect(out[1]!.p_value).toBeCloseTo(1, 9);
    expect(out[0]!.g).toBe(gTest2x2(40, 60, 10, 90).g);
  });
});

describe('sum contributions', () => {
  // k = 4. A: 10 records summing 300 in the window, 40 summing 400 before; B: 100 and 400.
  const cells = [
    { value: 'A', windowSum: 300, windowN: 10, baselineSum: 400, baselineN: 40 },
    { value: 'B', windowSum: 100, windowN: 10, baselineSum: 400, baselineN: 40 },
  ];

  it('gives each value (S₁ᵥ − S₀ᵥ/k) / (S₁ − S₀/k): A (300 − 100) / (400 − 200) = 1, B 0', () => {
    const out = sumContributions('region', cells, 4);
    expect(out.map((c) => [c.value, c.contribution, c.leave_one_out])).toEqual([
      ['A', 1, 1],
      ['B', 0, 0],
    ]);
    // A's share of the records did not move (10 of 20, 40 of 80): G = 0, p = 1
    expect([out[0]!.g, out[0]!.p_value]).toEqual([0, 1]);
  });
});

describe('state contributions', () => {
  // Window 10 min, baseline 40 min (k = 4), evaluated every minute. K1 OFF 300 s in the window,
  // K2 600 s in the baseline, K3 never.
  const cells = [
    { value: 'K1', windowS: 300, baselineS: 0, keys: 1 },
    { value: 'K2', windowS: 0, baselineS: 600, keys: 1 },
    { value: 'K3', windowS: 0, baselineS: 0, keys: 1 },
  ];

  it('gives each value (T₁ᵥ − T₀ᵥ/k) / (T₁ − T₀/k): K1 300 / 150 = 2, K2 −150 / 150 = −1', () => {
    const out = stateContributions('name', cells, 4, 600, 60);
    expect(out.map((c) => [c.value, c.contribution, c.leave_one_out])).toEqual([
      ['K1', 2, 2],
      ['K2', -1, -1],
      ['K3', 0, 0],
    ]);
  });

  it('tests each value’s evaluations in the state against out of it: K1 [[5, 5], [0, 40]], K2 [[0, 10], [10, 30]]', () => {
    const out = stateContributions('name', cells, 4, 600, 60);
    // G and p computed apart (Python, math.erfc)
    expect(out[0]!.g).toBeCloseTo(18.645353727945924, 10);
    expect(out[1]!.g).toBeCloseTo(5.05343078431412, 10);
    expect(out[1]!.p_value).toBeCloseTo(0.024577228338153873, 10);
    expect([out[2]!.g, out[2]!.p_value]).toEqual([0, 1]);
  });
});
