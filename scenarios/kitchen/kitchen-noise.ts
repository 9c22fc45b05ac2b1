import type { Catalog } from './catalog.ts';
import { load } from './daily-curve.ts';
import { REGIONS, WEEKEND_DEMAND } from './markets.ts';
import { Rng } from './prng.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Chance per restaurant-minute, at the dinner peak, that a kitchen is overwhelmed. */
const BURST_CHANCE_AT_PEAK = 0.0022;
/** Chance per restaurant per day that a dish runs out for a while. */
const STOCK_OUT_CHANCE = 0.35;
/** Day-to-day spread of a region's demand (log-space sigma). */
const DAY_SPREAD = 0.06;
/** Minute-to-minute wobble of a region's demand: AR(1) in log space, its spread and memory. */
const WOBBLE_SIGMA = 0.1;
const WOBBLE_MEMORY = 0.95;

/** `[start, end)` during which one restaurant rejects a share `rate` of its orders. */
interface Burst {
  start: number;
  end: number;
  rate: number;
}

/** `[start, end)` during which one dish of one restaurant is unavailable. */
interface StockOut {
  start: number;
  end: number;
  dish: number;
}

/**
 * The ordinary unevenness of a kitchen network, none of it an incident: kitchens overwhelmed for
 * a few minutes at the rush (they reject a fifth to a half of their orders as `kitchen_busy`),
 * dishes that run out for an hour (`item_unavailable`), and regional demand that differs from day
 * to day (weekends are busier, on each market's own weekend days) and wobbles minute to minute.
 * Drawn before the simulation from streams of their own, so the same seed gives the same noise.
 */
export class KitchenNoise {
  private readonly bursts: Burst[][];
  private readonly stockOuts: StockOut[][];
  private readonly dayFactors = new Map<number, number[]>();
  private readonly demandRng: Rng;
  private readonly wobble: number[];

  constructor(catalog: Catalog, from: number, to: number, seed: number) {
    const rng = new Rng(seed, 'noise');
    this.bursts = catalog.restaurants.map(() => []);
    this.stockOuts = catalog.restaurants.map(() => []);
    for (const restaurant of catalog.restaurants) {
      const bursts = this.bursts[restaurant.index]!;
      for (let t = Math.floor(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
        if (!rng.chance(BURST_CHANCE_AT_PEAK * load(t) ** 2)) continue;
        const start = t + rng.int(MINUTE);
        const end = start + (2 + rng.int(7)) * MINUTE;
        bursts.push({ start, end, rate: rng.between(0.2, 0.5) });
        t = end;
      }
      const stockOuts = this.stockOuts[restaurant.index]!;
      for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
        if (!rng.chance(STOCK_OUT_CHANCE)) continue;
        const start = day + (11 * 60 + rng.int(11 * 60)) * MINUTE;
        const dish = rng.int(Math.min(3, restaurant.brand.dishes.length));
        stockOuts.push({ start, end: start + (20 + rng.int(70)) * MINUTE, dish });
      }
    }
    this.demandRng = new Rng(seed, 'demand');
    this.wobble = REGIONS.map(() => 0);
  }

  /** Share of a restaurant's orders it rejects as overwhelmed at `t` (0 outside a burst). */
  burstRate(restaurant: number, t: number): number {
    const bursts = this.bursts[restaurant]!;
    const i = lastStartAtOrBefore(bursts, t);
    return i >= 0 && t < bursts[i]!.end ? bursts[i]!.rate : 0;
  }

  /** True when dish `dish` of `restaurant` has run out at `t`. */
  soldOut(restaurant: number, dish: number, t: number): boolean {
    for (const s of this.stockOuts[restaurant]!)
      if (s.dish === dish && t >= s.start && t < s.end) return true;
    return false;
  }

  /**
   * Each region's demand at minute `t` relative to the daily curve: its weekend factor, a factor
   * for the day, and the wobble. Call once per minute, in time order (the wobble has memory).
   */
  demand(t: number): number[] {
    const day = Math.floor(t / DAY);
    let days = this.dayFactors.get(day);
    if (!days) {
      const weekday = new Date(day * DAY).getUTCDay();
      days = REGIONS.map(
        (r) =>
          (r.weekend.includes(weekday) ? WEEKEND_DEMAND : 1) *
          Math.exp(DAY_SPREAD * this.demandRng.normal()),
      );
      this.dayFactors.set(day, days);
    }
    const innovation = WOBBLE_SIGMA * Math.sqrt(1 - WOBBLE_MEMORY ** 2);
    return REGIONS.map((_, r) => {
      this.wobble[r] = WOBBLE_MEMORY * this.wobble[r]! + innovation * this.demandRng.normal();
      return days[r]! * Math.exp(this.wobble[r]! - WOBBLE_SIGMA ** 2 / 2);
    });
  }
}

function lastStartAtOrBefore(items: readonly { start: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
