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
