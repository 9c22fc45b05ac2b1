import type { KafkaRecord, LabelsFile } from '../../formats/index.ts';
import { buildCatalog } from './catalog.ts';
import { emitClusterHealth } from './cluster-health.ts';
import { planIncidents } from './incident-plan.ts';
import { emitInfraEvents } from './infra-events.ts';
import { KitchenNoise } from './kitchen-noise.ts';
import { simulateOrders } from './order-arrivals.ts';
import { TRACE_DROP_SERVICES, type KitchenIncidentKind, type KitchenParams } from './params.ts';
import { Rng } from './prng.ts';
import { RecordSink } from './record-sink.ts';
import { addRushPauses, emitRestaurantStatus } from './restaurant-status.ts';
import { StatusTimeline } from './status-timeline.ts';
import { kitchenTraceBreaks, traceDropIncident } from './trace-labels.ts';
import { TraceTruth } from './trace-truth.ts';

/** Every incident kind the kitchen scenario can inject. */
export const KITCHEN_INCIDENT_KINDS: readonly KitchenIncidentKind[] = [
  'rejection-spike',
  'restaurant-closed',
  'broker-outage',
  'payment-outage',
  'delivery-slowdown',
];

/** Orders placed before the period still move through the kitchens during it. */
const WARM_UP_MS = 2 * 3_600_000;
const MAX_DURATION_MS = 31 * 86_400_000;

/**
 * Generates the kitchen scenario: its records in delivery order (sorted by timestamp, offsets
 * from 0 per partition) and the labels of the incidents it injected and of the near-misses
 * (kind `near-miss`) beside them. Pure and deterministic: the same parameters give the same
 * records, in Node or in a browser worker.
 */
export function generateKitchen(
  params: KitchenParams,
  options: { traceTruth?: boolean } = {},
): {
  records: KafkaRecord[];
  labels: LabelsFile;
  /** every order's trace ground truth, with `options.traceTruth` */
  traceTruth?: TraceTruth;
} {
  validateKitchenParams(params);
  const { seed, start, durationMs } = params;
  const end = start + durationMs;
  const from = start - WARM_UP_MS;
  const catalog = buildCatalog(seed, params.restaurants, params.ordersPerHour);

  const scheduleRng = new Rng(seed, 'schedule');
  // Delivery-only kitchens run around the clock (the night is quiet, not closed), so a restaurant
  // is OFF only for a rush pause or an incident: what seed 000's closed-too-long alert is for.
  const timelines = catalog.restaurants.map(() => new StatusTimeline());
  const plan = planIncidents(params.incidents, start, end, catalog, timelines, seed);
  for (const timeline of timelines) addRushPauses(timeline, from, end, scheduleRng);
  const noise = new KitchenNoise(catalog, from, end, seed);

  const sink = new RecordSink(start, end);
  const truth = options.traceTruth ? new TraceTruth() : undefined;
  sink.truth = truth ?? null;
  sink.traceDrop = params.traceDrop ? { drop: params.traceDrop, seed } : null;
  emitRestaurantStatus(sink, catalog.restaurants, timelines);
  simulateOrders(sink, catalog, timelines, plan, noise, params.ordersPerHour, from, seed);
  emitClusterHealth(sink, plan, seed);
  emitInfraEvents(sink, plan, seed);

  const drop = params.traceDrop ? [traceDropIncident(params.traceDrop)] : [];
  return {
    records: sink.deliver(),
    labels: {
      scenario: 'kitchen',
      params: { ...params, incidents: [...params.incidents] },
      incidents: [...plan.labels, ...drop].sort((a, b) => a.start - b.start),
      traceBreaks: kitchenTraceBreaks(params),
    },
    ...(truth && { traceTruth: truth }),
  };
}

/** Throws an error naming the first invalid parameter and why. */
export function validateKitchenParams(params: KitchenParams): void {
  const fail = (name: string, value: unknown, why: string): never => {
    throw new Error(`invalid kitchen parameter ${name}: ${JSON.stringify(value)} (${why})`);
  };
  const { seed, start, durationMs, restaurants, ordersPerHour, incidents } = params;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    fail('seed', seed, 'must be an integer from 0 to 4294967295');
  if (!Number.isSafeInteger(start)) fail('start', start, 'must be whole ms since the epoch');
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0 || durationMs > MAX_DURATION_MS) {
    fail('durationMs', durationMs, 'must be whole ms, more than 0 and at most 31 days');
  }
  if (!Number.isInteger(restaurants) || restaurants < 1 || restaurants > 1000) {
    fail('restaurants', restaurants, 'must be an integer from 1 to 1000');
  }
  if (!Number.isFinite(ordersPerHour) || ordersPerHour < 0 || ordersPerHour > 100_000) {
    fail('ordersPerHour', ordersPerHour, 'must be a number from 0 to 100000');
  }
  if (params.traceDrop !== undefined) {
    const d = params.traceDrop;
    if (!TRACE_DROP_SERVICES.includes(d.service))
      fail('traceDrop.service', d.service, `must be one of ${TRACE_DROP_SERVICES.join(', ')}`);
    if (!(d.share >= 0 && d.share <= 1)) fail('traceDrop.share', d.share, 'must be from 0 to 1');
    if (!Number.isSafeInteger(d.start) || !Number.isSafeInteger(d.end) || d.end <= d.start)
      fail('traceDrop.end', d.end, 'must be whole ms after traceDrop.start');
  }
  for (const kind of incidents) {
    if (!KITCHEN_INCIDENT_KINDS.includes(kind))
      fail('incidents', kind, `must be one of ${KITCHEN_INCIDENT_KINDS.join(', ')}`);
  }
}
