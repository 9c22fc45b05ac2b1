import type { Incident } from '../../formats/index.ts';
import type { KitchenIncidentKind } from './params.ts';

/** `[start, end)` in ms since epoch. */
export interface Window {
  start: number;
  end: number;
}

/** What every planned disturbance carries: whether it is a labelled near-miss, not an incident. */
interface Planned extends Window {
  nearMiss: boolean;
}

/** One aggregator in one region rejects a share `rate` of its orders, with `reason`. */
export interface RejectionSpike extends Planned {
  region: number;
  aggregator: number;
  rate: number;
  reason: string;
}

/** One restaurant switched OFF. */
export interface Closure extends Planned {
  restaurant: number;
}

/**
 * One broker in trouble. An outage: under-min-ISR partitions peaking at `peakUnderMinIsr`,
 * offline partitions on the controller in `[offlineStart, offlineEnd)` (may be empty), probe
 * latency around `probeMs`. A near-miss (a rolling restart): under-replicated partitions only,
 * probe latency around `probeMs`, well under a second.
 */
export interface BrokerTrouble extends Planned {
  broker: number;
  peakUnderMinIsr: number;
  offlineStart: number;
  offlineEnd: number;
  probeMs: number;
}

/** One payment provider fails a share `failRate` of its attempts. */
export interface PaymentOutage extends Planned {
  provider: number;
  failRate: number;
}

/**
 * Deliveries in one region take `factor` times as long (pick-up to door): the delivery service
 * could not scale up for a courier backlog.
 */
export interface DeliverySlowdown extends Planned {
  region: number;
  factor: number;
}

/** Where and when each incident and near-miss happens; what the simulation consults while it runs. */
export interface IncidentPlan {
  /** the labels: the incidents and the near-misses (kind `near-miss`), by start time */
  labels: Incident[];
  rejectionSpikes: RejectionSpike[];
  closures: Closure[];
  brokerTroubles: BrokerTrouble[];
  paymentOutages: PaymentOutage[];
  deliverySlowdowns: DeliverySlowdown[];
}

/** One thing to place: its kind, whether it is a near-miss, length and severity (0 mildest … 1). */
export interface Job {
  kind: KitchenIncidentKind;
  nearMiss: boolean;
  durationMs: number;
  level: number;
}
