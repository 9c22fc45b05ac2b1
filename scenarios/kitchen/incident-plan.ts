import type { Incident } from '../../formats/index.ts';
import type { Catalog } from './catalog.ts';
import { AGGREGATORS, PROVIDER_SHARES, PROVIDERS, REGIONS } from './markets.ts';
import { orderIntensity } from './daily-curve.ts';
import type { KitchenIncidentKind } from './params.ts';
import { Rng, WeightedTable } from './prng.ts';
import type { StatusTimeline } from './status-timeline.ts';

const MINUTE = 60_000;
/** incidents start this long after the period starts, so every metric has a baseline first */
const LEAD = 10 * MINUTE;
const TAIL = 5 * MINUTE;
/** quiet time kept between two incidents, so each one's effects are its own */
const GAP = 15 * MINUTE;

/** Nominal and shortest durations (minutes); nominal at 12 hours or more, scaled down below. */
const DURATIONS: Record<KitchenIncidentKind, { nominal: number; min: number }> = {
  'restaurant-closed': { nominal: 180, min: 45 },
  'rejection-spike': { nominal: 40, min: 15 },
  'payment-outage': { nominal: 30, min: 12 },
  'broker-outage': { nominal: 20, min: 8 },
};
/** placement order: the rejection spike first (it needs the busiest window), then the longest */
const PLACEMENT_ORDER: KitchenIncidentKind[] = [
  'rejection-spike',
  'restaurant-closed',
  'payment-outage',
  'broker-outage',
];

/** Order intensity (1 = the daily mean) below which an order-flow incident is not placed. */
const MIN_BUSY = 0.5;

/** Share of the scoped aggregator's orders rejected during a rejection spike. */
export const SPIKE_REJECT_RATE = 0.55;
/** Share of the scoped provider's payment attempts failing during a payment outage. */
export const OUTAGE_FAIL_RATE = 0.85;
/** The broker that is the active controller; an outage hits one of the others. */
export const CONTROLLER_BROKER = 1;

interface Window {
  start: number;
  end: number;
}

/** Where and when each incident happens; what the simulation consults while it runs. */
export interface IncidentPlan {
  labels: Incident[];
  rejectionSpike?: Window & { region: number; aggregator: number };
  restaurantClosed?: Window & { restaurant: number };
  brokerOutage?: Window & { broker: number; offlineStart: number; offlineEnd: number };
  paymentOutage?: Window & { provider: number };
}

/**
 * Places the requested incidents inside `[start, end)` on whole minutes, not overlapping, with
 * the business incidents drawn towards busy hours. Durations are nominal for periods of 12 hours
 * or more and shrink (to a floor) for shorter ones. An incident that does not fit — or, for the
 * rejection spike and payment outage, that would fall only in quiet hours — is skipped and not
 * labelled.
 */
export function planIncidents(
  kinds: readonly KitchenIncidentKind[],
  start: number,
  end: number,
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  seed: number,
): IncidentPlan {
  const rng = new Rng(seed, 'incidents');
  const plan: IncidentPlan = { labels: [] };
  const placed: Window[] = [];
  const scale = Math.min(1, (end - start) / (12 * 60 * MINUTE));
  for (const kind of PLACEMENT_ORDER.filter((k) => kinds.includes(k))) {
    const { nominal, min } = DURATIONS[kind];
    const duration = Math.max(min, Math.round(nominal * scale)) * MINUTE;
    const candidates: number[] = [];
    const weights: number[] = [];
    const first = Math.ceil((start + LEAD) / MINUTE) * MINUTE;
    for (let s = first; s + duration <= end - TAIL; s += MINUTE) {
      if (placed.some((w) => s < w.end + GAP && s + duration + GAP > w.start)) continue;
      const weight = windowWeight(kind, s, s + duration, catalog, timelines);
      if (weight > 0) {
        candidates.push(s);
        weights.push(weight);
      }
    }
    // business incidents go where they hurt: only the busiest candidate windows stay in the draw
    const floor =
      kind === 'broker-outage' ? 0 : 0.25 * weights.reduce((max, w) => Math.max(max, w), 0);
    const chosen =
      candidates[new WeightedTable(weights.map((w) => (w >= floor ? w : 0))).pick(rng)];
    if (chosen === undefined) continue;
    const window = { start: chosen, end: chosen + duration };
    placed.push(window);
    plan.labels.push(describe(kind, window, plan, catalog, timelines, rng));
  }
  plan.labels.sort((a, b) => a.start - b.start);
  return plan;
}

function windowWeight(
  kind: KitchenIncidentKind,
  start: number,
  end: number,
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
): number {
  if (kind === 'broker-outage') return 1;
  let sum = 0;
  let n = 0;
  for (let t = start; t < end; t += 5 * MINUTE, n++) sum += orderIntensity(t);
  const busy = sum / n;
  if (kind === 'restaurant-closed') {
    return eligibleRestaurants(catalog, timelines, start, end).length > 0 ? busy : 0;
  }
  // too quiet for the incident to show in the order flow: better skipped than labelled unseen
  return busy < MIN_BUSY ? 0 : busy ** 4;
}

function eligibleRestaurants(
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  start: number,
  end: number,
): number[] {
  return catalog.restaurants
    .filter((r) => timelines[r.index]!.openThroughout(start - 20 * MINUTE, end + 20 * MINUTE))
    .map((r) => r.index);
}

function describe(
  kind: KitchenIncidentKind,
  w: Window,
  plan: IncidentPlan,
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  rng: Rng,
): Incident {
  const minutes = Math.round((w.end - w.start) / MINUTE);
  const base = { id: `${kind}-1`, kind, start: w.start, end: w.end };
  switch (kind) {
    case 'rejection-spike': {
      // the two busiest markets only: in a small one a 50% spike drowns in per-minute noise
      const markets = REGIONS.map((_, r) => r)
        .filter((r) => catalog.byRegion[r]!.length > 0)
        .sort((a, b) => REGIONS[b]!.demand - REGIONS[a]!.demand)
        .slice(0, 2);
      const pairs: Array<[number, number]> = [];
      const pairWeights: number[] = [];
      for (const r of markets) {
        const region = REGIONS[r]!;
        region.aggregatorShares.forEach((share, a) => {
          if (AGGREGATORS[a] === 'Direct' || share < 0.35) return;
          pairs.push([r, a]);
          pairWeights.push(region.demand * share);
        });
      }
      const [region, aggregator] = pairs[new WeightedTable(pairWeights).pick(rng)] ?? [0, 0];
      plan.rejectionSpike = { ...w, region, aggregator };
      const scope = { aggregator: AGGREGATORS[aggregator]!, region: REGIONS[region]!.name };
      return {
        ...base,
        scope,
        description: `${scope.aggregator} orders in ${scope.region} rejected at ~${Math.round(SPIKE_REJECT_RATE * 100)}% for ${minutes} min (menu item mismatch after a ${adapterName(aggregator)} deploy)`,
      };
    }
    case 'restaurant-closed': {
      const eligible = eligibleRestaurants(catalog, timelines, w.start, w.end);
      const table = new WeightedTable(eligible.map((i) => catalog.restaurants[i]!.popularity));
      const restaurant = catalog.restaurants[eligible[table.pick(rng)] ?? 0]!;
      plan.restaurantClosed = { ...w, restaurant: restaurant.index };
      return {
        ...base,
        scope: { restaurant: restaurant.name, restaurantId: restaurant.id },
        description: `${restaurant.name} switched OFF for ${minutes} min during opening hours and received no orders`,
      };
    }
    case 'broker-outage': {
      const broker = CONTROLLER_BROKER + 1 + rng.int(2);
      const offlineMinutes = Math.max(1, Math.min(2 + rng.int(3), minutes - 3));
      const offlineStart = w.start + MINUTE;
      plan.brokerOutage = {
        ...w,
        broker,
        offlineStart,
        offlineEnd: offlineStart + offlineMinutes * MINUTE,
      };
      return {
        ...base,
        scope: { broker: String(broker) },
        description: `broker ${broker} lost in-sync replicas: under-min-ISR partitions for ${minutes} min, offline partitions on the controller for ${offlineMinutes} min; end-to-end probe latency high`,
      };
    }
    case 'payment-outage': {
      const provider = new WeightedTable(PROVIDER_SHARES).pick(rng);
      plan.paymentOutage = { ...w, provider };
      return {
        ...base,
        scope: { provider: PROVIDERS[provider]! },
        description: `${PROVIDERS[provider]} fails ~${Math.round(OUTAGE_FAIL_RATE * 100)}% of payment attempts for ${minutes} min; users retry, some with another card, some give up`,
      };
    }
  }
}

/** The integration service of an aggregator, as infra events name it. */
export function adapterName(aggregator: number): string {
  return `${AGGREGATORS[aggregator]!.toLowerCase()}-adapter`;
}
