import { describe, expect, it } from 'vitest';
import type { BurnRateAlertDef, SliDef, Workbook } from '../../engine/index.ts';
import { STANDARD_BURN_RATE_PAIRS } from '../../engine/index.ts';
import { sliPairs, sliPicture } from './sli-view.ts';

const pair = (name: string, factor: number) => ({
  name,
  longMinutes: 60,
  shortMinutes: 5,
  factor,
  severity: 'page' as const,
});

const burn = (sli: string, pairs: ReturnType<typeof pair>[]) =>
  ({ kind: 'burn_rate', sli, pairs }) as unknown as BurnRateAlertDef;

describe('sliPairs', () => {
  it('takes the pairs of the burn-rate rules on the SLI, each name once', () => {
    const wb: Pick<Workbook, 'alerts'> = {
      alerts: [
        burn('a', [pair('1h/5m', 14.4)]),
        burn('b', [pair('x', 2)]),
        burn('a', [pair('1h/5m', 9), pair('6h/30m', 6)]),
      ],
    };
    expect(sliPairs(wb, 'a').map((p) => [p.name, p.factor])).toEqual([
      ['1h/5m', 14.4],
      ['6h/30m', 6],
    ]);
  });

  it('falls back to the four standard pairs', () => {
    expect(sliPairs({ alerts: [] }, 'a')).toEqual([...STANDARD_BURN_RATE_PAIRS]);
  });
});

describe('sliPicture', () => {
  it('counts rolling bad minutes over the period and fires a pair only while both windows burn', () => {
    // 10 minutes, minutes 3 and 4 bad; objective 0.9 → budget ratio 0.1.
    const times = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000);
    const values = Float64Array.from([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    const def = { objective: 0.9, noData: 'exclude', periodMs: 3 * 60_000 } as SliDef;
    // long 2 min, short 1 min, factor 6: at minute 3 the long window (minutes 2–3) burns 0.5 / 0.1
    // = 5, too slow; at minute 4 both burn 10; at minute 5 the short window is good again.
    const p = { name: 'p', longMinutes: 2, shortMinutes: 1, factor: 6, severity: 'page' as const };
    const got = sliPicture(def, { label: 's', times, values }, [p], { until: 600_000 });
    expect(Array.from(got.rolling.badMinutes.values)).toEqual([0, 0, 0, 1, 2, 2, 1, 0, 0, 0]);
    expect(got.burn.pairs[0]!.intervals).toEqual([{ series: 's', start: 300_000, end: 360_000 }]);
  });

  it('starts at the first counted minute: no phantom no-data minute before it, even under no_data bad', () => {
    // the first minute ends at 2:00 (the source began mid-minute 1); replay time 3:00.5
    const times = Float64Array.from([120_000, 180_000]);
    const minutes = { label: 's', times, values: Float64Array.from([0, 0]) };
    const def = { objective: 0.999, noData: 'bad', periodMs: 60 * 60_000 } as SliDef;
    const got = sliPicture(def, minutes, [...STANDARD_BURN_RATE_PAIRS], { until: 180_500 });
    expect(Array.from(got.rolling.badMinutes.times)).toEqual([120_000, 180_000]);
    expect(Array.from(got.rolling.badMinutes.values)).toEqual([0, 0]);
    expect(got.burn.combined).toEqual([]);
  });

  it('draws nothing before the first minute has finished', () => {
    const none = { label: 's', times: new Float64Array(0), values: new Float64Array(0) };
    const def = { objective: 0.999, noData: 'bad', periodMs: 60 * 60_000 } as SliDef;
    const got = sliPicture(def, none, [...STANDARD_BURN_RATE_PAIRS], { until: 30_000 });
    expect(got.rolling.badMinutes.values).toHaveLength(0);
    expect(got.burn.combined).toEqual([]);
  });
});
