import { describe, expect, it } from 'vitest';
import type { GridSeries } from './eval-grid.ts';
import { MINUTE_MS, minuteGrid, rollingSli, sliSummary } from './sli.ts';

const T0 = Date.UTC(2026, 0, 5);

function grid(values: ArrayLike<number>): GridSeries {
  return { label: 'kafka', start: T0, stepMs: MINUTE_MS, values: Float64Array.from(values) };
}

/** 30 days of minutes: 10 bad minutes and 100 minutes without data. */
function thirtyDays(): GridSeries {
  const v = new Float64Array(43_200);
  for (let i = 0; i < 10; i++) v[1000 + i] = 1;
  for (let i = 0; i < 100; i++) v[20_000 + i] = NaN;
  return grid(v);
}

describe('sliSummary', () => {
  it('30 days at 99.9% allow 43.2 bad minutes; no-data minutes are excluded by default', () => {
    const s = sliSummary(thirtyDays(), { objective: 0.999 });
    expect(s.minutes).toBe(43_200);
    expect(s.errorBudgetMinutes).toBeCloseTo(43.2, 9);
    expect(s.badMinutes).toBe(10);
    expect(s.dataMinutes).toBe(43_100);
    expect(s.sli).toBeCloseTo(1 - 10 / 43_100, 12);
    expect(s.budgetLeft).toBeCloseTo(1 - 10 / 43.2, 9); // 0.7685…
    expect(s.burnRate).toBeCloseTo(10 / 43_100 / 0.001, 9);
  });

  it("noData 'bad' counts missing minutes as downtime and the budget can go negative", () => {
    const s = sliSummary(thirtyDays(), { objective: 0.999, noData: 'bad' });
    expect(s.badMinutes).toBe(110);
    expect(s.dataMinutes).toBe(43_200);
    expect(s.sli).toBeCloseTo(1 - 110 / 43_200, 12);
    expect(s.budgetLeft).toBeCloseTo(1 - 110 / 43.2, 9); // −1.546…
  });

  it("noData 'good' counts missing minutes as good", () => {
    const s = sliSummary(thirtyDays(), { objective: 0.999, noData: 'good' });
    expect(s.badMinutes).toBe(10);
    expect(s.dataMinutes).toBe(43_200);
    expect(s.sli).toBeCloseTo(1 - 10 / 43_200, 12);
  });

  it('periodMinutes sizes the budget independently of the data seen (a week against a 30-day SLO)', () => {
    const week = new Float64Array(10_080);
    week.fill(1, 0, 9);
    const s = sliSummary(grid(week), { objective: 0.999, periodMinutes: 43_200 });
    expect(s.budgetLeft).toBeCloseTo(1 - 9 / 43.2, 9);
  });

  it('with no data at all the SLI and burn rate are null', () => {
    const s = sliSummary(grid([NaN, NaN]), { objective: 0.99 });
    expect(s.sli).toBeNull();
    expect(s.burnRate).toBeNull();
    expect(s.budgetLeft).toBe(1);
  });

  it('rejects an objective outside (0, 1), a value outside [0, 1] and a non-minute grid', () => {
    expect(() => sliSummary(grid([0]), { objective: 1 })).toThrow('invalid objective: 1');
    expect(() => sliSummary(grid([0, 2]), { objective: 0.9 })).toThrow('value at minute 1: 2');
    const hourly = { ...grid([0]), stepMs: 3_600_000 };
    expect(() => sliSummary(hourly, { objective: 0.9 })).toThrow('stepMs: 3600000');
  });
});

describe('rollingSli', () => {
  it('slides a window over the minutes, excluding no-data minutes from the SLI denominator', () => {
    // objective 0.9: budget ratio 0.1, a 3-minute window allows 0.3 bad minutes
    const r = rollingSli(grid([0, 1, NaN, 1, 0, 0]), { objective: 0.9, windowMinutes: 3 });
    expect(Array.from(r.badMinutes.values)).toEqual([0, 1, 1, 2, 1, 1]);
    const sli = [1, 0.5, 0.5, 0, 0.5, 2 / 3];
    sli.forEach((v, i) => expect(r.sli.values[i]).toBeCloseTo(v, 12));
    const burn = [0, 5, 5, 10, 5, 10 / 3];
    burn.forEach((v, i) => expect(r.burnRate.values[i]).toBeCloseTo(v, 9));
    const left = [1, 1 - 1 / 0.3, 1 - 1 / 0.3, 1 - 2 / 0.3, 1 - 1 / 0.3, 1 - 1 / 0.3];
    left.forEach((v, i) => expect(r.budgetLeft.values[i]).toBeCloseTo(v, 9));
    expect(r.burnRate.times[5]).toBe(T0 + 5 * MINUTE_MS);
    expect(r.burnRate.label).toBe('kafka burn rate');
  });

  it('a window with no data has NaN SLI and burn rate', () => {
    const r = rollingSli(grid([1, NaN, NaN]), { objective: 0.9, windowMinutes: 2 });
    expect(r.sli.values[2]).toBeNaN();
    expect(r.burnRate.values[2]).toBeNaN();
    expect(r.badMinutes.values[2]).toBe(0);
  });
});

describe('minuteGrid', () => {
  it('puts a per-minute series on a dense grid, a missing minute becoming no data', () => {
    const g = minuteGrid({
      label: 'kafka',
      times: Float64Array.from([0, 1, 3], (k) => T0 + k * MINUTE_MS),
      values: Float64Array.from([0, 1, 1]),
    });
    expect(g.start).toBe(T0);
    expect(Array.from(g.values)).toEqual([0, 1, NaN, 1]);
  });
});
