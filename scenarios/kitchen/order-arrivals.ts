import type { Catalog, Restaurant } from './catalog.ts';
import { AGGREGATORS, REGIONS } from './markets.ts';
import { orderIntensity } from './daily-curve.ts';
import type { IncidentPlan } from './incident-types.ts';
import type { KitchenNoise } from './kitchen-noise.ts';
import { murmur2 } from './kafka-partitioner.ts';
import { placedSource, runOrder } from './order-lifecycle.ts';
import { PaymentIds, runCheckout } from './payments.ts';
import { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';
import type { StatusTimeline } from './status-timeline.ts';
import { newTraceId } from './trace-context.ts';

const MINUTE = 60_000;
const encoder = new TextEncoder();
/** quantity 1, 2 or 3, cumulative */
const QUANTITY = [0.7, 0.92, 1];

/**
 * Customers arrive in each region as a Poisson process following the daily curve times the
 * region's demand (`KitchenNoise.demand`: weekends, the day, the wobble), from `from` (a warm-up
 * before the period, so the recording opens mid-stream with orders already in the kitchens)
 * to the end of the period. Each customer picks an app, an open restaurant and a dish, pays,
 * and — if the payment succeeds and the restaurant is still ON — places the order.
 */
export function simulateOrders(
  sink: RecordSink,
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  plan: IncidentPlan,
  noise: KitchenNoise,
  ordersPerHour: number,
  from: number,
  seed: number,
): void {
  const rng = new Rng(seed, 'orders');
  const payments = new PaymentIds();
  const sources = AGGREGATORS.map((name, a) => placedSource(a, name));
  const shares = regionShares(catalog);
  let serial = 0;
  // (ms into the minute) × 8 + region: one number per arrival, sorted as numbers
  const arrivals: number[] = [];
  for (let minute = Math.floor(from / MINUTE) * MINUTE; minute < sink.end; minute += MINUTE) {
    const perMinute = (ordersPerHour / 60) * orderIntensity(minute);
    const demand = noise.demand(minute);
    arrivals.length = 0;
    shares.forEach((share, region) => {
      if (share === 0) return;
      const n = rng.poisson(perMinute * share * demand[region]!);
      for (let i = 0; i < n; i++) arrivals.push(rng.int(MINUTE) * 8 + region);
    });
    arrivals.sort((a, b) => a - b);
    for (const arrival of arrivals) {
      const arrivedAt = minute + Math.floor(arrival / 8);
      if (arrivedAt < from) continue;
      const region = arrival % 8;
      const restaurant = pickOpenRestaurant(catalog, timelines, region, arrivedAt, rng);
      if (!restaurant) continue;
      const users = catalog.users[region]!;
      const user = users[Math.floor(users.length * rng.next() ** 2.2)]!;
      const aggregator = rng.chance(0.75)
        ? user.aggregator
        : catalog.aggregatorTables[region]!.pick(rng);
      const dishIndex = restaurant.brand.dishTable.pick(rng);
      const dish = restaurant.brand.dishes[dishIndex]!;
      const u = rng.next();
      const quantity = QUANTITY.findIndex((q) => u < q) + 1;
      const amount = Math.round(dish.price * quantity * 100) / 100;
      const currency = REGIONS[region]!.currency;
      const orderId = `o-${++serial}`;
      const hash = murmur2(encoder.encode(orderId)) & 0x7fffffff;
      const traceId = newTraceId(rng);
      const placedAt = runCheckout(
        sink,
        rng,
        payments,
        plan,
        {
          orderId,
          partition3: hash % 3,
          traceId,
          user,
          money: JSON.stringify({ amount, currency, region: REGIONS[region]!.name }).slice(1, -1),
        },
        arrivedAt,
      );
      if (placedAt === null) continue;
      const placed = placedAt + Math.round(rng.between(200, 1500));
      if (!timelines[restaurant.index]!.isOpen(placed)) continue;
      const fields = JSON.stringify({
        userId: user.id,
        restaurantId: restaurant.id,
        restaurant: restaurant.name,
        brand: restaurant.brand.name,
        region: REGIONS[region]!.name,
        aggregator: AGGREGATORS[aggregator],
        dish: dish.name,
        quantity,
        amount,
        currency,
      }).slice(1, -1);
      runOrder(
        sink,
        rng,
        plan,
        noise,
        {
          orderId,
          partition6: hash % 6,
          partition3: hash % 3,
          traceId,
          region,
          aggregator,
          restaurant,
          dish: dishIndex,
          fields,
        },
        placed,
        sources[aggregator]!,
      );
    }
  }
}

function pickOpenRestaurant(
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  region: number,
  t: number,
  rng: Rng,
): Restaurant | undefined {
  const candidates = catalog.byRegion[region]!;
  let total = 0;
  for (const i of candidates)
    if (timelines[i]!.isOpen(t)) total += catalog.restaurants[i]!.popularity;
  if (total === 0) return undefined;
  let x = rng.next() * total;
  let last: Restaurant | undefined;
  for (const i of candidates) {
    if (!timelines[i]!.isOpen(t)) continue;
    last = catalog.restaurants[i]!;
    x -= last.popularity;
    if (x < 0) return last;
  }
  return last;
}

/** Each region's share of the orders: its demand, among the regions that have restaurants. */
function regionShares(catalog: Catalog): number[] {
  const demand = REGIONS.map((r, i) => (catalog.byRegion[i]!.length > 0 ? r.demand : 0));
  const total = demand.reduce((a, b) => a + b, 0);
  return demand.map((d) => (total > 0 ? d / total : 0));
}
