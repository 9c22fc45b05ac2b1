import type { Incident } from '../../formats/index.ts';
import type { Catalog } from './catalog.ts';
import type { IncidentPlan, Job, Window } from './incident-types.ts';
import { AGGREGATORS, PROVIDER_SHARES, PROVIDERS, REGIONS } from './markets.ts';
import { NEAR_MISS } from './params.ts';
import { Rng, WeightedTable } from './prng.ts';
import type { StatusTimeline } from './status-timeline.ts';

const MINUTE = 60_000;
/** The broker that is the active controller; an outage hits one of the others. */
export const CONTROLLER_BROKER = 1;
/** A rejection spike is scoped to an aggregator with at least this share of its region's orders. */
const MIN_SPIKE_SHARE = 0.3;

const lerp = (a: number, b: number, level: number): number => a + (b - a) * level;
const percent = (x: number): number => Math.round(x * 100);

/**
 * Decides the scope and strength of one placed incident or near-miss (`job` at `w`), records it
 * in `plan` for the simulation and returns its label (its id is numbered later). Severity
 * (`job.level`, 0 mildest … 1 worst) sets:
 * - rejection spike: the share of the whole region's orders rejected, 14% … 30% (the scoped
 *   aggregator rejects that over its share, at most 90% of its orders); a near-miss 3% … 6%
 *   for a few minutes;
 * - payment outage: the provider fails 50% … 85% of attempts; a near-miss 20% … 35%;
 * - broker outage: under-min-ISR partitions peak at 2 … 30, offline partitions for 0 … 4
 *   minutes, probe latency around 0.7 … 2.5 s; a near-miss (a rolling restart) only
 *   under-replicated partitions and probe latency around 120 … 300 ms;
 * - restaurant closed: how long is the duration alone; a near-miss is shorter than any incident.
 */
export function describeIncident(
  job: Job,
  w: Window,
  plan: IncidentPlan,
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  rng: Rng,
): Incident {
  const minutes = Math.round((w.end - w.start) / MINUTE);
  const { nearMiss, level } = job;
  const label = (scope: Record<string, string>, description: string): Incident => ({
    id: '',
    kind: nearMiss ? NEAR_MISS : job.kind,
    start: w.start,
    end: w.end,
    scope: nearMiss ? { resembles: job.kind, ...scope } : scope,
    description: nearMiss ? `near miss, should not page: ${description}` : description,
  });
  switch (job.kind) {
    case 'rejection-spike': {
      const pairs: Array<[number, number]> = [];
      const pairWeights: number[] = [];
      REGIONS.forEach((region, r) => {
        if (catalog.byRegion[r]!.length === 0) return;
        region.aggregatorShares.forEach((share, a) => {
          if (AGGREGATORS[a] === 'Direct' || share < MIN_SPIKE_SHARE) return;
          pairs.push([r, a]);
          pairWeights.push(region.demand * share);
        });
      });
      const [region, aggregator] = pairs[new WeightedTable(pairWeights).pick(rng)] ?? [0, 0];
      const share = REGIONS[region]!.aggregatorShares[aggregator]!;
      const regionShare = nearMiss ? lerp(0.03, 0.06, level) : lerp(0.14, 0.3, level);
      const rate = Math.min(0.9, regionShare / share);
      const reason = nearMiss ? 'item_unavailable' : 'menu_item_mismatch';
      plan.rejectionSpikes.push({ ...w, nearMiss, region, aggregator, rate, reason });
      const scope = { aggregator: AGGREGATORS[aggregator]!, region: REGIONS[region]!.name };
      const cause = nearMiss
        ? 'a menu sync lagged'
        : `menu item mismatch after a ${adapterName(aggregator)} deploy`;
      return label(
        scope,
        `${scope.aggregator} orders in ${scope.region} rejected at ~${percent(rate)}% (~${percent(regionShare)}% of the region's orders) for ${minutes} min (${cause})`,
      );
    }
    case 'restaurant-closed': {
      const eligible = eligibleRestaurants(catalog, timelines, w.start, w.end);
      const table = new WeightedTable(eligible.map((i) => catalog.restaurants[i]!.popularity));
      const restaurant = catalog.restaurants[eligible[table.pick(rng)] ?? 0]!;
      plan.closures.push({ ...w, nearMiss, restaurant: restaurant.index });
      timelines[restaurant.index]!.close(w.start, w.end);
      return label(
        { restaurant: restaurant.name, restaurantId: restaurant.id },
        `${restaurant.name} switched OFF for ${minutes} min during opening hours and received no orders`,
      );
    }
    case 'broker-outage': {
      const broker = CONTROLLER_BROKER + 1 + rng.int(2);
      if (nearMiss) {
        const probeMs = lerp(120, 300, level);
        plan.brokerTroubles.push({
          ...w,
          nearMiss,
          broker,
          peakUnderMinIsr: 0,
          offlineStart: w.start,
          offlineEnd: w.start,
          probeMs,
        });
        return label(
          { broker: String(broker) },
          `broker ${broker} restarted (rolling restart): under-replicated partitions for ${minutes} min, no under-min-ISR; probe latency ~${Math.round(probeMs)} ms`,
        );
      }
      const offlineMinutes = Math.min(Math.round(level * 4), minutes - 3);
      const offlineStart = w.start + MINUTE;
      const probeMs = lerp(700, 2500, level);
      plan.brokerTroubles.push({
        ...w,
        nearMiss,
        broker,
        peakUnderMinIsr: Math.round(lerp(2, 30, level)),
        offlineStart,
        offlineEnd: offlineStart + Math.max(0, offlineMinutes) * MINUTE,
        probeMs,
      });
      const offline =
        offlineMinutes > 0
          ? `offline partitions on the controller for ${offlineMinutes} min`
          : 'no offline partitions';
      return label(
        { broker: String(broker) },
        `broker ${broker} lost in-sync replicas: under-min-ISR partitions for ${minutes} min, ${offline}; end-to-end probe latency ~${(probeMs / 1000).toFixed(1)} s`,
      );
    }
    case 'delivery-slowdown': {
      const region = new WeightedTable(REGIONS.map((r) => r.demand)).pick(rng);
      const factor = lerp(1.6, 2.6, level);
      plan.deliverySlowdowns.push({ ...w, nearMiss, region, factor });
      const name = REGIONS[region]!.name;
      return label(
        { region: name },
        `deliveries in ${name} take ~${factor.toFixed(1)}× as long for ${minutes} min: the delivery service could not scale up (node pool out of capacity)`,
      );
    }
    case 'payment-outage': {
      const provider = new WeightedTable(PROVIDER_SHARES).pick(rng);
      const failRate = nearMiss ? lerp(0.2, 0.35, level) : lerp(0.5, 0.85, level);
      plan.paymentOutages.push({ ...w, nearMiss, provider, failRate });
      return label(
        { provider: PROVIDERS[provider]! },
        `${PROVIDERS[provider]} fails ~${percent(failRate)}% of payment attempts for ${minutes} min; users retry, some with another card, some give up`,
      );
    }
  }
}

/** Restaurants open from 20 minutes before `start` to 20 minutes after `end`. */
export function eligibleRestaurants(
  catalog: Catalog,
  timelines: readonly StatusTimeline[],
  start: number,
  end: number,
): number[] {
  return catalog.restaurants
    .filter((r) => timelines[r.index]!.openThroughout(start - 20 * MINUTE, end + 20 * MINUTE))
    .map((r) => r.index);
}

/** The integration service of an aggregator, as infra events name it. */
export function adapterName(aggregator: number): string {
  return `${AGGREGATORS[aggregator]!.toLowerCase()}-adapter`;
}
