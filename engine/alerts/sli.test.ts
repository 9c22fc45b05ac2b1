import { describe, expect, it } from 'vitest';
import type { GridSeries } from './eval-grid.ts';
import { countedMinutes, MINUTE_MS, minuteGrid, rollingSli, sliSummary } from './sli.ts';

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

  it('a series without samples gives an empty grid, also up to a replay time', () => {
    const empty = { label: 'kafka', times: new Float64Array(0), values: new Float64Array(0) };
    expect(minuteGrid(empty, { until: T0 + 5 * MINUTE_MS }).values).toHaveLength(0);
    expect(minuteGrid(empty).values).toHaveLength(0);
  });
});

describe('countedMinutes', () => {
  const M = MINUTE_MS;
  /** Minute ends `T0 + k·M` for k in `ends` with `values`; times in minutes after T0 back. */
  const count = (ends: number[], values: number[], start: number, time: number) => {
    const s = countedMinutes(
      {
        label: 'p',
        times: Float64Array.from(ends, (k) => T0 + k * M),
        values: Float64Array.from(values),
      },
      { start: T0 + start, time: T0 + time },
    );
    return { ends: Array.from(s.times, (t) => (t - T0) / M), values: Array.from(s.values) };
  };

  it('counts a minute once replay time reaches its end, never the open one', () => {
    // minutes ending at 1…4; replay at 3:00.5 → minute 3 (ending at 4) is open
    expect(count([1, 2, 3, 4], [0, 1, 0, 1], 0, 3 * M + 500)).toEqual({
      ends: [1, 2, 3],
      values: [0, 1, 0],
    });
    expect(count([1, 2, 3, 4], [0, 1, 0, 1], 0, 4 * M).ends).toEqual([1, 2, 3, 4]);
    expect(count([1, 2, 3, 4], [0, 1, 0, 1], 0, 4 * M - 1).ends).toEqual([1, 2, 3]);
  });

  it('leaves out a half-covered first minute without data, keeps one with data', () => {
    // the source starts at 0:30, so minute 0 (ending at 1) is covered only in part
    expect(count([1, 2, 3], [NaN, 0, NaN], 30_000, 3 * M)).toEqual({
      ends: [2, 3],
      values: [0, NaN], // minute 2 has no data but is fully covered: the policy decides
    });
    expect(count([1, 2, 3], [1, 0, 0], 30_000, 3 * M)).toEqual({
      ends: [1, 2, 3],
      values: [1, 0, 0],
    });
    // a source starting on the minute covers its first minute wholly: no data counts per policy
    expect(count([1, 2], [NaN, 0], 0, 2 * M)).toEqual({ ends: [1, 2], values: [NaN, 0] });
  });

  it('leaves out minutes ending at or before the source starts, and everything before any minute ends', () => {
    expect(count([1, 2, 3], [NaN, NaN, 0], 2 * M, 3 * M)).toEqual({ ends: [3], values: [0] });
    expect(count([1], [NaN], 30_000, 50_000)).toEqual({ ends: [], values: [] });
  });
});
