import { describe, expect, it } from 'vitest';
import type { GridSeries } from './eval-grid.ts';
import { STANDARD_BURN_RATE_PAIRS, evaluateBurnRateAlerts } from './burn-rate-alerts.ts';
import { MINUTE_MS } from './sli.ts';

const T0 = Date.UTC(2026, 0, 5);
const at = (k: number): number => T0 + k * MINUTE_MS;

/** `length` good minutes except an outage of `minutes` minutes from `from`, each `ratio` bad. */
function outage(length: number, from: number, minutes: number, ratio: number): GridSeries {
  const values = new Float64Array(length);
  values.fill(ratio, from, from + minutes);
  return { label: 'kafka', start: T0, stepMs: MINUTE_MS, values };
}

const pageFast = [STANDARD_BURN_RATE_PAIRS[0]!];

describe('evaluateBurnRateAlerts', () => {
  // 99.9%: 1h/5m at 14.4 needs an error ratio > 14.4 × 0.001 = 0.0144 over the hour, i.e.
  // > 0.864 bad minutes in 60. A 6-minute outage at error ratio r gives 6r: it fires iff r > 0.144.
  it('a 6-minute outage fires 1h/5m at 14.4 when its error ratio is above 0.144 (0.15)', () => {
    const r = evaluateBurnRateAlerts(outage(200, 100, 6, 0.15), { objective: 0.999 });
    // cumulative 0.15 k > 0.864 first at k = 6 (minute 105); the 5m window holds an outage minute
    // through minute 109 and is clean at 110, where the alert resets
    expect(r.pairs[0]!.pair.name).toBe('1h/5m');
    expect(r.pairs[0]!.intervals).toEqual([{ series: 'kafka', start: at(105), end: at(110) }]);
    const hour = r.burnRates.find((b) => b.windowMinutes === 60)!.series;
    expect(hour.values[105]).toBeCloseTo(0.9 / 60 / 0.001, 9); // 15
    expect(hour.values[104]).toBeCloseTo(0.75 / 60 / 0.001, 9); // 12.5
  });

  it('a 6-minute outage at error ratio 0.14 stays below 14.4 over the hour and does not fire', () => {
    const r = evaluateBurnRateAlerts(outage(200, 100, 6, 0.14), {
      objective: 0.999,
      pairs: pageFast,
    });
    const hour = r.burnRates.find((b) => b.windowMinutes === 60)!.series;
    expect(Math.max(...hour.values)).toBeCloseTo(14, 9);
    expect(r.pairs[0]!.intervals).toEqual([]);
    expect(r.combined).toEqual([]);
  });

  it('partial long windows at the start burn hot unless fullWindowsOnly', () => {
    // outage at minutes 10..15: at minute 11 the "1h" window holds 12 minutes, 0.3 / 12 → 25
    const g = outage(100, 10, 6, 0.15);
    const partial = evaluateBurnRateAlerts(g, { objective: 0.999, pairs: pageFast });
    expect(partial.pairs[0]!.intervals).toEqual([{ series: 'kafka', start: at(11), end: at(20) }]);
    const full = evaluateBurnRateAlerts(g, {
      objective: 0.999,
      pairs: pageFast,
      fullWindowsOnly: true,
    });
    expect(full.burnRates[1]!.series.values[58]).toBeNaN();
    expect(full.pairs[0]!.intervals).toEqual([]);
  });

  it('combined fires while any pair fires (the union of the pairs)', () => {
    // objective 0.9 (ratio 0.1). A: long 4 / short 2 above 4.5 (ratio > 0.45);
    // B: 1 / 1 above 9.5 (ratio > 0.95). Bad minutes 5, 6, 7 and 14.
    const values = new Float64Array(20);
    for (const i of [5, 6, 7, 14]) values[i] = 1;
    const r = evaluateBurnRateAlerts(
      { label: 'x', start: T0, stepMs: MINUTE_MS, values },
      {
        objective: 0.9,
        pairs: [
          { name: 'A', longMinutes: 4, shortMinutes: 2, factor: 4.5, severity: 'page' },
          { name: 'B', longMinutes: 1, shortMinutes: 1, factor: 9.5, severity: 'ticket' },
        ],
      },
    );
    // A: minute 6 long 2/4, short 2/2; through 8 (long 3/4, short 1/2); at 9 short 0/2
    expect(r.pairs[0]!.intervals).toEqual([{ series: 'x', start: at(6), end: at(9) }]);
    expect(r.pairs[1]!.intervals).toEqual([
      { series: 'x', start: at(5), end: at(8) },
      { series: 'x', start: at(14), end: at(15) },
    ]);
    expect(r.combined).toEqual([
      { series: 'x', start: at(5), end: at(9) },
      { series: 'x', start: at(14), end: at(15) },
    ]);
    expect(r.burnRates.map((b) => b.windowMinutes)).toEqual([1, 2, 4]);
  });

  it('the standard pairs spend 2%, 5%, 10% and 10% of a 30-day budget over their long window', () => {
    const spent = STANDARD_BURN_RATE_PAIRS.map((p) => (p.factor * p.longMinutes) / 43_200);
    expect(spent.map((s) => Math.round(s * 1000) / 1000)).toEqual([0.02, 0.05, 0.1, 0.1]);
    expect(STANDARD_BURN_RATE_PAIRS.map((p) => p.name)).toEqual([
      '1h/5m',
      '6h/30m',
      '1d/2h',
      '3d/6h',
    ]);
  });
});
