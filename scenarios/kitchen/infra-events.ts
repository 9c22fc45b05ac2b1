import { AGGREGATORS, PROVIDERS, REGIONS } from './markets.ts';
import { adapterName } from './incident-labels.ts';
import type { IncidentPlan } from './incident-types.ts';
import { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type InfraType =
  'SCALE_UP' | 'SCALE_DOWN' | 'DEPLOY' | 'POD_FAILED' | 'CONFIG_CHANGE' | 'PROVISION_FAILED';

interface InfraEvent {
  at: number;
  type: InfraType;
  service: string;
  detail: string;
}

const SERVICES = [
  'order-service',
  'kitchen-service',
  'delivery-service',
  'payment-service',
  'menu-service',
  'notification-service',
];
const CONFIG_CHANGES = [
  'raised consumer max.poll.records to 500',
  'feature flag eta-v2 enabled for 10% of users',
  'lowered HTTP client timeout to 2s',
  'rotated TLS certificates',
];

/** Names `event` as the cause of the incident of `kind` starting at `start` (its label's `cause`). */
function labelCause(plan: IncidentPlan, kind: string, start: number, event: InfraEvent): void {
  const label = plan.labels.find((l) => l.kind === kind && l.start === start);
  if (label) label.cause = { type: event.type, source: event.service, time: Math.round(event.at) };
}

/**
 * Emits `infra-events` (seed 004): the platform's own changes. Every day: scale-ups before the
 * lunch and dinner peaks and scale-downs after them (the dinner scale-up sometimes fails to get
 * nodes), one to three deploys in working hours, the odd config change and pod failure. Around
 * the incidents, the change that explains each one: a deploy of the aggregator's adapter minutes
 * before the rejection spike and its rollback at the end, a credentials change before the payment
 * outage, a failed Kafka pod before the broker outage; and around most near-misses, the change
 * behind them (a menu sync setting, a rolling broker restart).
 */
export function emitInfraEvents(sink: RecordSink, plan: IncidentPlan, seed: number): void {
  const rng = new Rng(seed, 'infra');
  const events: InfraEvent[] = [];
  const at = (t: number): number => Math.round(t);
  const version = (): string => `v${1 + rng.int(4)}.${rng.int(30)}.${rng.int(10)}`;
  for (let day = Math.floor(sink.start / DAY) * DAY; day < sink.end; day += DAY) {
    events.push({
      at: at(day + 11 * HOUR + rng.int(40 * MINUTE)),
      type: 'SCALE_UP',
      service: 'order-service',
      detail: 'replicas 4 → 8 ahead of lunch',
    });
    events.push({
      at: at(day + 15 * HOUR + rng.int(40 * MINUTE)),
      type: 'SCALE_DOWN',
      service: 'order-service',
      detail: 'replicas 8 → 4',
    });
    const dinner = at(day + 18 * HOUR + rng.int(40 * MINUTE));
    events.push({
      at: dinner,
      type: 'SCALE_UP',
      service: 'order-service',
      detail: 'replicas 4 → 10 ahead of dinner',
    });
    if (rng.chance(0.35)) {
      events.push({
        at: dinner + 60_000 + rng.int(2 * MINUTE),
        type: 'PROVISION_FAILED',
        service: 'cluster-autoscaler',
        detail: 'node pool scale-up failed: insufficient capacity in zone b',
      });
    }
    events.push({
      at: at(day + 23 * HOUR + rng.int(40 * MINUTE)),
      type: 'SCALE_DOWN',
      service: 'order-service',
      detail: 'replicas 10 → 4',
    });
    for (let i = 1 + rng.int(3); i > 0; i--) {
      events.push({
        at: at(day + 7 * HOUR + rng.int(10 * HOUR)),
        type: 'DEPLOY',
        service: rng.pick(SERVICES),
        detail: version(),
      });
    }
    if (rng.chance(0.5)) {
      events.push({
        at: at(day + rng.int(DAY)),
        type: 'CONFIG_CHANGE',
        service: rng.pick(SERVICES),
        detail: rng.pick(CONFIG_CHANGES),
      });
    }
    for (let i = rng.int(3); i > 0; i--) {
      const service = rng.pick(SERVICES);
      events.push({
        at: at(day + rng.int(DAY)),
        type: 'POD_FAILED',
        service,
        detail: `${service}-${rng.hex(1).slice(0, 5)} OOMKilled, restarted`,
      });
    }
  }
  for (const spike of plan.rejectionSpikes) {
    const service = adapterName(spike.aggregator);
    const aggregator = AGGREGATORS[spike.aggregator];
    if (spike.nearMiss) {
      events.push({
        at: spike.start - rng.int(2 * MINUTE),
        type: 'CONFIG_CHANGE',
        service: 'menu-service',
        detail: `${aggregator} menu sync interval raised to 10 min`,
      });
      continue;
    }
    const minor = 10 + rng.int(20);
    const deploy: InfraEvent = {
      at: spike.start - (3 + rng.int(5)) * MINUTE - rng.int(MINUTE),
      type: 'DEPLOY',
      service,
      detail: `v3.${minor}.0: ${aggregator} menu item mapping rewrite`,
    };
    events.push(deploy);
    labelCause(plan, 'rejection-spike', spike.start, deploy);
    events.push({
      at: spike.end - 30_000 - rng.int(90_000),
      type: 'DEPLOY',
      service,
      detail: `rollback to v3.${minor - 1}.4`,
    });
  }
  for (const payment of plan.paymentOutages) {
    // a provider's own brief blip leaves no trace in the platform's changes
    if (payment.nearMiss) continue;
    const provider = PROVIDERS[payment.provider];
    const rotated: InfraEvent = {
      at: payment.start - (1 + rng.int(3)) * MINUTE - rng.int(MINUTE),
      type: 'CONFIG_CHANGE',
      service: 'payment-gateway',
      detail: `rotated ${provider} API credentials`,
    };
    events.push(rotated);
    labelCause(plan, 'payment-outage', payment.start, rotated);
    events.push({
      at: payment.end - 30_000 - rng.int(30_000),
      type: 'CONFIG_CHANGE',
      service: 'payment-gateway',
      detail: `restored previous ${provider} API credentials`,
    });
  }
  for (const broker of plan.brokerTroubles) {
    const pod = `kafka-${broker.broker - 1}`;
    if (broker.nearMiss) {
      events.push({
        at: broker.start - rng.int(30_000),
        type: 'DEPLOY',
        service: 'kafka',
        detail: `${pod} (broker ${broker.broker}) rolling restart for a config change`,
      });
      continue;
    }
    const evicted: InfraEvent = {
      at: broker.start + rng.int(40_000),
      type: 'POD_FAILED',
      service: 'kafka',
      detail: `${pod} (broker ${broker.broker}) evicted: node disk pressure`,
    };
    events.push(evicted);
    labelCause(plan, 'broker-outage', broker.start, evicted);
    events.push({
      at: broker.start + (2 + rng.int(2)) * MINUTE,
      type: 'PROVISION_FAILED',
      service: 'kafka',
      detail: `volume for ${pod} failed to attach: timeout`,
    });
  }
  for (const slowdown of plan.deliverySlowdowns) {
    const region = REGIONS[slowdown.region]!.name;
    events.push({
      at: slowdown.start - (8 + rng.int(4)) * MINUTE - rng.int(MINUTE),
      type: 'SCALE_UP',
      service: 'delivery-service',
      detail: `replicas 6 → 12 for the ${region} courier dispatch backlog`,
    });
    const failed: InfraEvent = {
      at: slowdown.start - (2 + rng.int(4)) * MINUTE - rng.int(MINUTE),
      type: 'PROVISION_FAILED',
      service: 'delivery-service',
      detail: `node pool scale-up for delivery-service failed: insufficient capacity (${region})`,
    };
    events.push(failed);
    labelCause(plan, 'delivery-slowdown', slowdown.start, failed);
  }
  const inPeriod = events.filter((e) => e.at >= sink.start && e.at < sink.end);
  inPeriod.sort((a, b) => a.at - b.at);
  inPeriod.forEach((e, i) => {
    const value = JSON.stringify({
      eventId: `ev-${i + 1}`,
      type: e.type,
      service: e.service,
      detail: e.detail,
      timestamp: new Date(e.at).toISOString(),
    });
    sink.emit('infra-events', 0, e.service, e.at, value);
  });
}
