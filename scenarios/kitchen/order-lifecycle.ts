import { load } from './daily-curve.ts';
import { adapterName } from './incident-labels.ts';
import type { DeliverySlowdown, IncidentPlan, RejectionSpike } from './incident-types.ts';
import type { KitchenNoise } from './kitchen-noise.ts';
import type { Restaurant } from './catalog.ts';
import type { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';
import { isoTime } from './iso-time.ts';
import { newTraceId, traceparent } from './trace-context.ts';
import { dropsContext } from './trace-truth.ts';

/** The order statuses, in lifecycle order. */
export type OrderStatus =
  | 'PLACED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'PREPARING'
  | 'READY'
  | 'PICKED_UP'
  | 'DELIVERED'
  | 'CANCELLED'
  | 'DELIVERY_FAILED';

/** One placed order, with the JSON fields every one of its events repeats. */
export interface PlacedOrder {
  orderId: string;
  partition6: number;
  partition3: number;
  traceId: string;
  region: number;
  aggregator: number;
  restaurant: Restaurant;
  /** index of the dish in the restaurant's brand menu */
  dish: number;
  /** `"userId":…,"restaurantId":…,…` — the shared fields, pre-serialised once per order */
  fields: string;
}

const MINUTE = 60_000;
const REJECT_REASONS = [
  'item_unavailable',
  'kitchen_busy',
  'outside_delivery_area',
  'duplicate_order',
];
const REJECT_REASON_WEIGHTS = [0.45, 0.75, 0.9, 1];
const DELIVERY_FAILURES = ['customer_unreachable', 'address_not_found', 'rider_incident'];

/**
 * Emits an order's lifecycle on `orders` from PLACED at `placedAt`:
 * PLACED → ACCEPTED | REJECTED → PREPARING → READY → PICKED_UP → DELIVERED | DELIVERY_FAILED,
 * with CANCELLED possible after ACCEPTED (customer) or PREPARING (out of stock). Every step is
 * slower at the lunch and dinner peaks. An order is rejected by a rejection spike (or near-miss)
 * over its aggregator and region, by a stock-out of its dish, by its kitchen's burst, or at the
 * kitchen's everyday rate. A REJECTED event is copied to `orders-rejected` by the
 * rejections processor, a stateful join that drops the trace context (seed 003): the copy
 * carries a new trace id.
 */
export function runOrder(
  sink: RecordSink,
  rng: Rng,
  plan: IncidentPlan,
  noise: KitchenNoise,
  order: PlacedOrder,
  placedAt: number,
  adapter: string,
): void {
  const emit = (status: OrderStatus, t: number, source: string, reason?: string): void => {
    if (t < sink.start || t >= sink.end) return;
    const value = `{"orderId":"${order.orderId}","status":"${status}",${order.fields}${
      reason ? `,"reason":"${reason}"` : ''
    },"timestamp":"${isoTime(t)}"}`;
    // The header is drawn even when dropped, so the rest of the seed's stream is unchanged.
    const header = traceparent(rng, order.traceId);
    const drop = sink.traceDrop;
    const dropped = drop !== null && dropsContext(drop.drop, drop.seed, order.orderId, source, t);
    sink.emit(
      'orders',
      order.partition6,
      order.orderId,
      t,
      value,
      dropped
        ? [['source', source]]
        : [
            ['traceparent', header],
            ['source', source],
          ],
    );
    sink.truth?.add(
      order.orderId,
      'orders',
      `orders:${status}`,
      t,
      dropped ? 'dropped' : 'kept',
      source,
    );
    if (status === 'REJECTED') {
      sink.emit('orders-rejected', order.partition3, order.orderId, t, value, [
        ['traceparent', traceparent(rng, newTraceId(rng))],
        ['source', 'rejections-processor'],
      ]);
      sink.truth?.add(
        order.orderId,
        'orders-rejected',
        'orders-rejected:REJECTED',
        t,
        'new',
        'rejections-processor',
      );
    }
  };
  const busy = load(placedAt);
  const slow = 1 + 0.45 * busy * busy;
  emit('PLACED', placedAt, adapter);

  const decidedAt = placedAt + ms(clamp(rng.logNormal(18_000, 0.5) * slow, 4_000, 90_000));
  const spike = activeSpike(plan.rejectionSpikes, order, decidedAt);
  const restaurant = order.restaurant.index;
  if (spike && rng.chance(spike.rate)) {
    return emit('REJECTED', decidedAt, 'kitchen-service', spike.reason);
  }
  if (noise.soldOut(restaurant, order.dish, decidedAt)) {
    return emit('REJECTED', decidedAt, 'kitchen-service', 'item_unavailable');
  }
  const burst = noise.burstRate(restaurant, decidedAt);
  if (burst > 0 && rng.chance(burst)) {
    return emit('REJECTED', decidedAt, 'kitchen-service', 'kitchen_busy');
  }
  if (rng.chance(order.restaurant.rejectRate * (0.6 + 0.8 * busy))) {
    const u = rng.next();
    const reason = REJECT_REASONS[REJECT_REASON_WEIGHTS.findIndex((w) => u < w)] as string;
    return emit('REJECTED', decidedAt, 'kitchen-service', reason);
  }
  emit('ACCEPTED', decidedAt, 'kitchen-service');

  const preparingAt = decidedAt + ms(clamp(rng.logNormal(70_000, 0.5) * slow, 20_000, 5 * MINUTE));
  if (rng.chance(0.008)) {
    const at = decidedAt + ms((preparingAt - decidedAt) * rng.between(0.3, 0.9));
    return emit('CANCELLED', at, 'order-service', 'customer_cancelled');
  }
  emit('PREPARING', preparingAt, 'kitchen-service');

  const readyAt = preparingAt + ms(rng.between(10, 25) * order.restaurant.speed * slow * MINUTE);
  if (rng.chance(0.004)) {
    return emit(
      'CANCELLED',
      preparingAt + ms(rng.between(2, 8) * MINUTE),
      'kitchen-service',
      'out_of_stock',
    );
  }
  emit('READY', readyAt, 'kitchen-service');

  const pickedUpAt =
    readyAt + ms(clamp(rng.logNormal(5 * MINUTE, 0.45) * slow, MINUTE, 20 * MINUTE));
  emit('PICKED_UP', pickedUpAt, 'delivery-service');

  const ride =
    rng.between(15, 40) *
    (1 + 0.25 * busy * busy) *
    MINUTE *
    slowdownFactor(plan.deliverySlowdowns, order.region, pickedUpAt);
  if (rng.chance(0.006)) {
    const reason = rng.pick(DELIVERY_FAILURES);
    return emit(
      'DELIVERY_FAILED',
      pickedUpAt + ms(ride * rng.between(0.5, 1.1)),
      'delivery-service',
      reason,
    );
  }
  emit('DELIVERED', pickedUpAt + ms(ride), 'delivery-service');
}

/** How many times as long a delivery picked up at `t` in `region` takes (1 outside slowdowns). */
function slowdownFactor(slowdowns: readonly DeliverySlowdown[], region: number, t: number): number {
  const s = slowdowns.find((d) => d.region === region && t >= d.start && t < d.end);
  return s ? s.factor : 1;
}

function activeSpike(
  spikes: readonly RejectionSpike[],
  order: PlacedOrder,
  t: number,
): RejectionSpike | undefined {
  for (const s of spikes) {
    if (s.start > t) return undefined;
    if (t < s.end && s.region === order.region && s.aggregator === order.aggregator) return s;
  }
  return undefined;
}

/** The `source` header of a PLACED event: the aggregator's integration, or the own app. */
export function placedSource(aggregator: number, aggregatorName: string): string {
  return aggregatorName === 'Direct' ? 'web-app' : adapterName(aggregator);
}

function ms(x: number): number {
  return Math.max(1, Math.round(x));
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
