import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog.ts';
import { load } from './daily-curve.ts';
import { KitchenNoise } from './kitchen-noise.ts';
import { REGIONS, WEEKEND_DEMAND } from './markets.ts';
import { KITCHEN_DEFAULTS } from './params.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const { seed, restaurants, ordersPerHour } = KITCHEN_DEFAULTS;
const catalog = buildCatalog(seed, restaurants, ordersPerHour);
// Monday 2026-01-05, four weeks
const start = KITCHEN_DEFAULTS.start;
const weeks = 4;
const noise = new KitchenNoise(catalog, start, start + weeks * 7 * DAY, seed);

/** Each region's mean demand factor per day, over the four weeks. */
const daily: number[][] = [];
for (let day = 0; day < weeks * 7; day++) {
  const sums = REGIONS.map(() => 0);
  for (let m = 0; m < 1440; m++) {
    noise.demand(start + day * DAY + m * MINUTE).forEach((f, r) => (sums[r] = sums[r]! + f));
  }
  daily.push(sums.map((s) => s / 1440));
}

describe('KitchenNoise', () => {
  it("makes each market's own weekend about 20% busier: Saturday–Sunday in the UAE, Friday–Saturday in Saudi Arabia", () => {
    REGIONS.forEach((region, r) => {
      const weekend: number[] = [];
      const weekday: number[] = [];
      daily.forEach((factors, day) => {
        const weekdayIndex = new Date(start + day * DAY).getUTCDay();
        (region.weekend.includes(weekdayIndex) ? weekend : weekday).push(factors[r]!);
      });
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(weekend.length).toBe(2 * weeks);
      // a day's own factor spreads ±6%: over 8 weekend and 20 weekdays the ratio is within ±8%
      expect(mean(weekend) / mean(weekday), region.name).toBeGreaterThan(WEEKEND_DEMAND - 0.08);
      expect(mean(weekend) / mean(weekday), region.name).toBeLessThan(WEEKEND_DEMAND + 0.08);
      expect(mean(weekday), region.name).toBeGreaterThan(0.93);
      expect(mean(weekday), region.name).toBeLessThan(1.07);
    });
    expect(REGIONS.map((r) => r.weekend)).toEqual([
      [6, 0],
      [6, 0],
      [5, 6],
      [5, 6],
    ]);
  });

  it('varies demand from day to day and minute to minute, region by region', () => {
    const mondays = daily.filter((_, d) => d % 7 === 0).map((f) => f[0]!);
    expect(new Set(mondays.map((x) => x.toFixed(3))).size).toBe(weeks);
    const minutes = Array.from({ length: 60 }, (_, m) =>
      noise.demand(start + 40 * DAY + m * MINUTE),
    );
    const dubai = minutes.map((f) => f[0]!);
    const riyadh = minutes.map((f) => f[2]!);
    expect(Math.max(...dubai) - Math.min(...dubai)).toBeGreaterThan(0.02);
    expect(dubai).not.toEqual(riyadh);
  });

  it('overwhelms a kitchen now and then, mostly at the rush, rejecting 20–50% for 2–8 minutes', () => {
    let busyMinutes = 0;
    let quietMinutes = 0;
    const rates = new Set<number>();
    const runs: number[] = [];
    for (const r of catalog.restaurants) {
      let run = 0;
      for (let t = start; t < start + 7 * DAY; t += MINUTE) {
        const rate = noise.burstRate(r.index, t + 30_000);
        if (rate > 0) {
          rates.add(rate);
          if (load(t) > 0.6) busyMinutes++;
          else if (load(t) < 0.2) quietMinutes++;
          run++;
        } else if (run > 0) {
          runs.push(run);
          run = 0;
        }
      }
    }
    expect(runs.length).toBeGreaterThan(50);
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...runs)).toBeLessThanOrEqual(9);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...rates)).toBeLessThanOrEqual(0.5);
    expect(busyMinutes).toBeGreaterThan(10 * quietMinutes);
  });

  it('runs a dish out now and then, one of the three most ordered', () => {
    let soldOut = 0;
    for (const r of catalog.restaurants) {
      for (let t = start; t < start + 7 * DAY; t += 10 * MINUTE) {
        for (let dish = 0; dish < r.brand.dishes.length; dish++) {
          if (!noise.soldOut(r.index, dish, t)) continue;
          soldOut++;
          expect(dish).toBeLessThan(3);
        }
      }
    }
    expect(soldOut).toBeGreaterThan(50);
  });
});
