import type { DimensionContribution, MixRateSplit } from '../contract.ts';
import { gTest2x2 } from './g-test.ts';

/** Counts of one dimension value in the window and the baseline. */
export interface CountCell {
  value: string;
  window: number;
  baseline: number;
}

/** Numerator and denominator of one dimension value in the window and the baseline. */
export interface RatioCell {
  value: string;
  windowNum: number;
  windowDen: number;
  baselineNum: number;
  baselineDen: number;
}

/** The formulas the explanation shows on hover, by score name. */
export const FORMULAS = {
  countChange:
    'Δ = W − B / k  (W, B: counts in the window and the baseline; k = baseline length / window length)',
  countContribution: 'contribution(v) = (W_v − B_v / k) / Δ',
  countG:
    'G = 2 Σ O ln(O / E) over [[W_v, W − W_v], [B_v, B − B_v]]; p = P(χ²(1) ≥ G)  (did v’s share of records move?)',
  countLoo: 'leave-one-out(v) = 1 − Δ₋ᵥ / Δ,  Δ₋ᵥ = (W − W_v) − (B − B_v) / k',
  ratioChange: 'Δ = R₁ − R₀,  R = N / D  (1: window, 0: baseline)',
  ratioContribution:
    'contribution(v) = (s₁ᵥ r₁ᵥ − s₀ᵥ r₀ᵥ) / Δ,  s = D_v / D (share), r = N_v / D_v (ratio)',
  ratioG:
    'G = 2 Σ O ln(O / E) over [[N₁ᵥ, D₁ᵥ − N₁ᵥ], [N₀ᵥ, D₀ᵥ − N₀ᵥ]]; p = P(χ²(1) ≥ G)  (did v’s ratio move?)',
  ratioLoo: 'leave-one-out(v) = 1 − Δ₋ᵥ / Δ,  Δ₋ᵥ = (N₁ − N₁ᵥ)/(D₁ − D₁ᵥ) − (N₀ − N₀ᵥ)/(D₀ − D₀ᵥ)',
  sumChange: 'Δ = S₁ − S₀ / k  (S: the sum of the field in the window (1) and the baseline (0))',
  sumContribution: 'contribution(v) = (S₁ᵥ − S₀ᵥ / k) / Δ',
  sumG: 'G = 2 Σ O ln(O / E) over [[n₁ᵥ, n₁ − n₁ᵥ], [n₀ᵥ, n₀ − n₀ᵥ]] (n: records); p = P(χ²(1) ≥ G)  (did v’s share of records move?)',
  sumLoo: 'leave-one-out(v) = 1 − Δ₋ᵥ / Δ,  Δ₋ᵥ = (S₁ − S₁ᵥ) − (S₀ − S₀ᵥ) / k',
  beyondChange:
    'Δ = A₁ − A₀ / k  (A: records beyond τ₀ in the window (1) and the baseline (0); τ₀: the metric’s statistic — its highest quantile, mean, maximum or minimum — over the baseline’s records, for a latency each pair’s seconds; beyond: above, below for a minimum)',
  beyondContribution:
    'contribution(v) = (A₁ᵥ − A₀ᵥ / k) / Δ  (v’s share of the extra records beyond the baseline’s τ₀)',
  beyondG:
    'G = 2 Σ O ln(O / E) over [[A₁ᵥ, A₁ − A₁ᵥ], [A₀ᵥ, A₀ − A₀ᵥ]]; p = P(χ²(1) ≥ G)  (did v’s share of the records beyond τ₀ move?)',
  beyondLoo: 'leave-one-out(v) = 1 − Δ₋ᵥ / Δ,  Δ₋ᵥ = (A₁ − A₁ᵥ) − (A₀ − A₀ᵥ) / k',
  stateChange:
    'Δ = T₁ − T₀ / k  (T: seconds the keys spent in the state in the window (1) and the baseline (0))',
  stateContribution: 'contribution(v) = (T₁ᵥ − T₀ᵥ / k) / Δ',
  stateG:
    'G = 2 Σ O ln(O / E) over [[T₁ᵥ, K_v L₁ − T₁ᵥ], [T₀ᵥ, K_v L₀ − T₀ᵥ]] in the metric’s evaluations (seconds / every; K_v: v’s keys, L: period length); p = P(χ²(1) ≥ G)  (did v spend more of its time in the state?)',
  stateLoo: 'leave-one-out(v) = 1 − Δ₋ᵥ / Δ,  Δ₋ᵥ = (T₁ − T₁ᵥ) − (T₀ − T₀ᵥ) / k',
  mixRate:
    'mix = Σᵥ (s₁ᵥ − s₀ᵥ)(r₀ᵥ + r₁ᵥ)/2,  rate = Σᵥ (r₁ᵥ − r₀ᵥ)(s₀ᵥ + s₁ᵥ)/2;  mix + rate = R₁ − R₀ exactly',
} as const;

const share = (part: number, whole: number): number => (whole === 0 ? NaN : part / whole);

/**
 * Each value's contribution to a count's change `W − B/k`, its G-test (did its share of the
 * records move between baseline and window) and its leave-one-out effect; see `FORMULAS`.
 */
export function countContributions(
  dimension: string,
  cells: readonly CountCell[],
  k: number,
): DimensionContribution[] {
  if (!(k > 0)) throw new RangeError(`invalid baseline factor: ${k} (must be > 0)`);
  const W = cells.reduce((s, c) => s + c.window, 0);
  const B = cells.reduce((s, c) => s + c.baseline, 0);
  const change = W - B / k;
  return cells.map((c) => {
    const { g, p } = gTest2x2(c.window, W - c.window, c.baseline, B - c.baseline);
    const without = W - c.window - (B - c.baseline) / k;
    return {
      dimension,
      value: c.value,
      window: c.window,
      baseline: c.baseline,
      contribution: share(c.window - c.baseline / k, change),
      g,
      p_value: p,
      leave_one_out: change === 0 ? NaN : 1 - without / change,
    };
  });
}

interface Totals {
  n1: number;
  d1: number;
  n0: number;
  d0: number;
}

function totals(cells: readonly RatioCell[]): Totals {
  let n1 = 0;
  let d1 = 0;
  let n0 = 0;
  let d0 = 0;
  for (const c of cells) {
    n1 += c.windowNum;
    d1 += c.windowDen;
    n0 += c.baselineNum;
    d0 += c.baselineDen;
  }
  return { n1, d1, n0, d0 };
}

/**
 * Each value's contribution to a ratio's change `R₁ − R₀` (its term `s₁r₁ − s₀r₀` of the
 * weighted sum `R = Σ s_v r_v`), the G-test of its own ratio moving, and its leave-one-out effect.
 */
export function ratioContributions(
  dimension: string,
  cells: readonly RatioCell[],
): DimensionContribution[] {
  const t = totals(cells);
  const change = share(t.n1, t.d1) - share(t.n0, t.d0);
  return cells.map((c) => {
    const { g, p } = gTest2x2(
      c.windowNum,
      Math.max(0, c.windowDen - c.windowNum),
      c.baselineNum,
      Math.max(0, c.baselineDen - c.baselineNum),
    );
    const term = (t.d1 === 0 ? 0 : c.windowNum / t.d1) - (t.d0 === 0 ? 0 : c.baselineNum / t.d0);
    const without =
      share(t.n1 - c.windowNum, t.d1 - c.windowDen) -
      share(t.n0 - c.baselineNum, t.d0 - c.baselineDen);
    return {
      dimension,
      value: c.value,
      window: c.windowNum,
      baseline: c.baselineNum,
      windowDen: c.windowDen,
      baselineDen: c.baselineDen,
      contribution: share(term, change),
      g,
      p_value: p,
      leave_one_out: change === 0 || !Number.isFinite(without) ? NaN : 1 - without / change,
    };
  });
}

/**
 * A ratio's change over one dimension split into mix (denominator shares moving between values)
 * and rate (each value's own ratio moving), the symmetric (Shapley) split: with `s` a value's
 * share of the denominator and `r` its ratio, `R = Σ s r`, and
 * `s₁r₁ − s₀r₀ = (s₁ − s₀)(r₀ + r₁)/2 + (r₁ − r₀)(s₀ + s₁)/2` term by term, so mix + rate is the
 * change exactly. A value absent from one period (share 0) takes the other period's ratio there.
 */
export function mixRateSplit(dimension: string, cells: readonly RatioCell[]): MixRateSplit {
  const t = totals(cells);
  const before = share(t.n0, t.d0);
  const after = share(t.n1, t.d1);
  const values = cells
    .filter((c) => c.windowDen > 0 || c.baselineDen > 0)
    .map((c) => {
      const s0 = t.d0 === 0 ? 0 : c.baselineDen / t.d0;
      const s1 = t.d1 === 0 ? 0 : c.windowDen / t.d1;
      const own0 = c.baselineDen > 0 ? c.baselineNum / c.baselineDen : NaN;
      const own1 = c.windowDen > 0 ? c.windowNum / c.windowDen : NaN;
      const r0 = Number.isNaN(own0) ? own1 : own0;
      const r1 = Number.isNaN(own1) ? own0 : own1;
      return {
        value: c.value,
        shareBefore: s0,
        shareAfter: s1,
        rateBefore: r0,
        rateAfter: r1,
        mix: ((s1 - s0) * (r0 + r1)) / 2,
        rate: ((r1 - r0) * (s0 + s1)) / 2,
      };
    });
  const mix = values.reduce((s, v) => s + v.mix, 0);
  const rate = values.reduce((s, v) => s + v.rate, 0);
  return { dimension, before, after, change: after - before, mix, rate, values };
}

/** Sum of a field of one dimension value's records (and their number) in the window and baseline. */
export interface SumCell {
  value: string;
  windowSum: number;
  windowN: number;
  baselineSum: number;
  baselineN: number;
}

/**
 * Each value's contribution to a sum's change `S₁ − S₀/k` (as a count's, with sums), the G-test
 * of its share of the records and its leave-one-out effect; see `FORMULAS`.
 */
export function sumContributions(
  dimension: string,
  cells: readonly SumCell[],
  k: number,
): DimensionContribution[] {
  if (!(k > 0)) throw new RangeError(`invalid baseline factor: ${k} (must be > 0)`);
  const S1 = cells.reduce((s, c) => s + c.windowSum, 0);
  const S0 = cells.reduce((s, c) => s + c.baselineSum, 0);
  const n1 = cells.reduce((s, c) => s + c.windowN, 0);
  const n0 = cells.reduce((s, c) => s + c.baselineN, 0);
  const change = S1 - S0 / k;
  return cells.map((c) => {
    const { g, p } = gTest2x2(c.windowN, n1 - c.windowN, c.baselineN, n0 - c.baselineN);
    const without = S1 - c.windowSum - (S0 - c.baselineSum) / k;
    return {
      dimension,
      value: c.value,
      window: c.windowSum,
      baseline: c.baselineSum,
      contribution: share(c.windowSum - c.baselineSum / k, change),
      g,
      p_value: p,
      leave_one_out: change === 0 ? NaN : 1 - without / change,
    };
  });
}

/** Seconds one dimension value's keys spent in the state in the window and the baseline. */
export interface StateCell {
  value: string;
  windowS: number;
  baselineS: number;
  /** how many keys have the value */
  keys: number;
}

/**
 * Each value's contribution to the change of the time spent in the state `T₁ − T₀/k` (seconds;
 * as a count's), the G-test of its keys' time in the state against out of it, counted in the
 * metric's evaluations (`tickS` seconds each) over the window (`windowS` long) and the baseline
 * (`k` windows long), and its leave-one-out effect. See `FORMULAS`.
 */
export function stateContributions(
  dimension: string,
  cells: readonly StateCell[],
  k: number,
  windowS: number,
  tickS: number,
): DimensionContribution[] {
  if (!(k > 0)) throw new RangeError(`invalid baseline factor: ${k} (must be > 0)`);
  if (!(tickS > 0)) throw new RangeError(`invalid evaluation interval: ${tickS} s (must be > 0)`);
  const T1 = cells.reduce((s, c) => s + c.windowS, 0);
  const T0 = cells.reduce((s, c) => s + c.baselineS, 0);
  const change = T1 - T0 / k;
  return cells.map((c) => {
    const in1 = c.windowS / tickS;
    const in0 = c.baselineS / tickS;
    const { g, p } = gTest2x2(
      in1,
      Math.max(0, (c.keys * windowS) / tickS - in1),
      in0,
      Math.max(0, (c.keys * windowS * k) / tickS - in0),
    );
    const without = T1 - c.windowS - (T0 - c.baselineS) / k;
    return {
      dimension,
      value: c.value,
      window: c.windowS,
      baseline: c.baselineS,
      contribution: share(c.windowS - c.baselineS / k, change),
      g,
      p_value: p,
      leave_one_out: change === 0 ? NaN : 1 - without / change,
    };
  });
}
