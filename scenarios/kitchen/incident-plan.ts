import type { Catalog } from './catalog.ts';
import { ORDER_CURVE } from './daily-curve.ts';
import { describeIncident, eligibleRestaurants } from './incident-labels.ts';
import type { IncidentPlan, Job, Window } from './incident-types.ts';
import type { KitchenIncidentKind } from './params.ts';
import { Rng, WeightedTable } from './prng.ts';
import type { StatusTimeline } from './status-timeline.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** incidents start this long after the period starts, so every metric has a baseline first */
const LEAD = 10 * MINUTE;
const TAIL = 5 * MINUTE;
/** quiet time kept between two incidents that touch the same signals, so each one's effects are its own */
const GAP = 15 * MINUTE;

/**
 * How often each kind happens and how long it lasts (minutes, drawn uniformly; a period under 12
 * hours scales them down, to `floor`). Over a week: eleven rejection spikes and four of each
 * other kind, at severities spread from the mildest to the worst; one day: one or two of each.
 */
const INCIDENTS: Record<
  KitchenIncidentKind,
  { perDay: number; minutes: readonly [number, number]; floor: number }
> = {
  'rejection-spike': { perDay: 1.5, minutes: [15, 45], floor: 15 },
  'payment-outage': { perDay: 0.6, minutes: [12, 40], floor: 12 },
  'restaurant-closed': { perDay: 0.6, minutes: [60, 240], floor: 45 },
  'broker-outage': { perDay: 0.5, minutes: [8, 25], floor: 8 },
  'delivery-slowdown': { perDay: 0.6, minutes: [25, 60], floor: 25 },
};
/** Near-misses of each kind: how often, and how long (minutes). */
const NEAR_MISSES: Record<
  KitchenIncidentKind,
  { perDay: number; minutes: readonly [number, number] }
> = {
  'rejection-spike': { perDay: 0.6, minutes: [5, 10] },
  'payment-outage': { perDay: 0.6, minutes: [4, 8] },
  'restaurant-closed': { perDay: 0.6, minutes: [25, 38] },
  'broker-outage': { perDay: 0.6, minutes: [4, 8] },
  // none: only asked for by name, and a near-miss of it would look like the daily peaks
  'delivery-slowdown': { perDay: 0, minutes: [10, 15] },
};
/** placement order: the order-flow incidents first (they need the busiest hours), then the longest */
const PLACEMENT_ORDER: KitchenIncidentKind[] = [
  'rejection-spike',
  'payment-outage',
  'restaurant-closed',
  'broker-outage',
  // last, so that asking for it leaves the others' draws as they were
  'delivery-slowdown',
];
/** Incidents of kinds in one group touch the same signals and are kept apart; other groups may overlap. */
const GROUP: Record<KitchenIncidentKind, string> = {
  'rejection-spike': 'orders',
  'payment-outage': 'orders',
  'restaurant-closed': 'restaurants',
  'broker-outage': 'cluster',
  'delivery-slowdown': 'delivery',
};

/** Order intensity (1 = the daily mean) below which an order-flow incident is not placed. */
const MIN_BUSY = 0.5;

/**
 * Places the requested incidents, and near-misses like them, inside `[start, end)` on whole
 * minutes: several of each kind over a week (`INCIDENTS`), with severities spread evenly from the
 * worst (1) to the mildest (0) in shuffled order — one incident of a kind is the worst. Incidents
 * that touch the same signals (`GROUP`) do not overlap and keep `GAP` apart; order-flow incidents
 * are drawn towards the busiest hours. An incident that does not fit — or, for an order-flow
 * incident, that would fall only in quiet hours — is skipped and not labelled. Closures are
 * applied to `timelines` as they are placed.
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
  const plan: IncidentPlan = {
    labels: [],
    rejectionSpikes: [],
    closures: [],
    brokerTroubles: [],
    paymentOutages: [],
    deliverySlowdowns: [],
  };
  const days = (end - start) / DAY;
  const scale = Math.min(1, (end - start) / (12 * 60 * MINUTE));
  const ordered = PLACEMENT_ORDER.filter((k) => kinds.includes(k));
  const jobs: Job[] = [];
  for (const kind of ordered) {
    const { perDay, minutes, floor } = INCIDENTS[kind];
    const n = Math.max(1, Math.round(perDay * days));
    const levels = shuffle(
      Array.from({ length: n }, (_, i) => (n === 1 ? 1 : 1 - i / (n - 1))),
      rng,
    );
    for (const level of levels) {
      const drawn = rng.between(minutes[0], minutes[1] + 1);
      const durationMs = Math.max(floor, Math.floor(drawn * scale)) * MINUTE;
      jobs.push({ kind, nearMiss: false, durationMs, level });
    }
  }
  for (const kind of ordered) {
    const { perDay, minutes } = NEAR_MISSES[kind];
    for (let i = Math.round(perDay * days); i > 0; i--) {
      const durationMs = (minutes[0] + rng.int(minutes[1] - minutes[0] + 1)) * MINUTE;
      jobs.push({ kind, nearMiss: true, durationMs, level: rng.next() });
    }
  }

  const busy = new BusyIndex(start, end);
  const placed: Array<Window & { group: string }> = [];
  const first = Math.ceil((start + LEAD) / MINUTE) * MINUTE;
  for (const job of jobs) {
    const group = GROUP[job.kind];
    const candidates: number[] = [];
    const weights: number[] = [];
    for (let s = first; s + job.durationMs <= end - TAIL; s += MINUTE) {
      const e = s + job.durationMs;
      if (placed.some((w) => w.group === group && s < w.end + GAP && e + GAP > w.start)) continue;
      const weight = windowWeight(
        job.kind,
        busy.mean(s, e),
        () => eligibleRestaurants(catalog, timelines, s, e).length > 0,
      );
      if (weight > 0) {
        candidates.push(s);
        weights.push(weight);
      }
    }
    // business incidents go where they hurt: only the busiest candidate windows stay in the draw
    const floor =
      job.kind === 'broker-outage' ? 0 : 0.25 * weights.reduce((max, w) => Math.max(max, w), 0);
    const chosen =
      candidates[new WeightedTable(weights.map((w) => (w >= floor ? w : 0))).pick(rng)];
    if (chosen === undefined) continue;
    const window = { start: chosen, end: chosen + job.durationMs };
    placed.push({ ...window, group });
    plan.labels.push(describeIncident(job, window, plan, catalog, timelines, rng));
  }
  plan.labels.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  const serial = new Map<string, number>();
  for (const label of plan.labels) {
    const k = (serial.get(label.kind) ?? 0) + 1;
    serial.set(label.kind, k);
    label.id = `${label.kind}-${k}`;
  }
  for (const list of [
    plan.rejectionSpikes,
    plan.closures,
    plan.brokerTroubles,
    plan.paymentOutages,
    plan.deliverySlowdowns,
  ])
    list.sort((a, b) => a.start - b.start);
  return plan;
}

function windowWeight(
  kind: KitchenIncidentKind,
  busy: number,
  hasEligibleRestaurant: () => boolean,
): number {
  if (kind === 'broker-outage') return 1;
  if (kind === 'restaurant-closed') return hasEligibleRestaurant() ? busy : 0;
  // too quiet for the incident to show in the order flow: better skipped than labelled unseen
  return busy < MIN_BUSY ? 0 : busy ** 4;
}

/** Mean order intensity over any whole-minute window of the period, from prefix sums. */
class BusyIndex {
  private readonly from: number;
  private readonly prefix: Float64Array;

  constructor(start: number, end: number) {
    this.from = Math.floor(start / MINUTE);
    const n = Math.ceil(end / MINUTE) - this.from;
    this.prefix = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const minute = (this.from + i) % 1440;
      this.prefix[i + 1] = this.prefix[i]! + ORDER_CURVE[minute < 0 ? minute + 1440 : minute]!;
    }
  }

  mean(start: number, end: number): number {
    const a = Math.floor(start / MINUTE) - this.from;
    const b = Math.ceil(end / MINUTE) - this.from;
    return (this.prefix[b]! - this.prefix[a]!) / (b - a);
  }
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
