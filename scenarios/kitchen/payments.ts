import type { User } from './catalog.ts';
import type { IncidentPlan, PaymentOutage } from './incident-types.ts';
import { PROVIDER_FAILURE, PROVIDERS } from './markets.ts';
import type { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';
import { isoTime } from './iso-time.ts';
import { traceparent } from './trace-context.ts';

/** What the checkout knows about the order it charges. */
export interface Charge {
  orderId: string;
  partition3: number;
  traceId: string;
  user: User;
  /** `"amount":…,"currency":…,"region":…` — serialised once per order */
  money: string;
}

type ErrorCode =
  | 'timeout'
  | 'provider_unavailable'
  | 'insufficient_funds'
  | 'card_declined'
  | 'authentication_failed';

/** How likely a user tries again after each error; blocking errors are retried least. */
const RETRY: Record<ErrorCode, number> = {
  timeout: 0.9,
  provider_unavailable: 0.85,
  authentication_failed: 0.7,
  insufficient_funds: 0.45,
  card_declined: 0.35,
};
const MAX_ATTEMPTS = 4;

/** Payment ids are sequential across the whole run. */
export class PaymentIds {
  private next = 1;
  take(): string {
    return `p-${this.next++}`;
  }
}

/**
 * One checkout session on the `payments` topic: ATTEMPTED then SUCCEEDED or FAILED per attempt.
 * After a failure the user may retry (sometimes with their other card, i.e. another provider) or
 * give up, so a failure is transient when a later attempt in the session succeeds and blocking
 * when none does (seed 001). Returns when the payment succeeded, or null when the user gave up:
 * the order is PLACED only after a successful payment.
 */
export function runCheckout(
  sink: RecordSink,
  rng: Rng,
  ids: PaymentIds,
  plan: IncidentPlan,
  charge: Charge,
  startedAt: number,
): number | null {
  const { user } = charge;
  let provider = user.provider;
  let declinedCard = -1;
  let t = startedAt;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const paymentId = ids.take();
    emit(sink, rng, charge, paymentId, provider, attempt, 'ATTEMPTED', null, t);
    let error: ErrorCode | null = null;
    const outage = activeOutage(plan.paymentOutages, provider, t);
    if (outage && rng.chance(outage.failRate)) {
      error = outage.nearMiss || rng.chance(0.4) ? 'timeout' : 'provider_unavailable';
    } else if (provider === declinedCard && rng.chance(0.85)) {
      error = 'card_declined';
    } else {
      // everyday failures, in the proportions of 1.0% timeouts, 1.2% insufficient funds,
      // 0.8% declines and 0.6% authentication failures at a 3.6% failure rate
      const u = rng.next() * (0.036 / PROVIDER_FAILURE[provider]!);
      if (u < 0.01) error = 'timeout';
      else if (u < 0.022) error = 'insufficient_funds';
      else if (u < 0.03) error = 'card_declined';
      else if (u < 0.036) error = 'authentication_failed';
    }
    const latency =
      error === 'timeout'
        ? rng.between(10_000, 30_000)
        : clamp(rng.logNormal(1200, 0.35), 300, 6000);
    t += Math.round(latency);
    emit(sink, rng, charge, paymentId, provider, attempt, error ? 'FAILED' : 'SUCCEEDED', error, t);
    if (!error) return t;
    if (attempt === MAX_ATTEMPTS || !rng.chance(RETRY[error])) return null;
    if (error === 'card_declined') declinedCard = provider;
    const switchCard =
      error === 'card_declined' || error === 'insufficient_funds'
        ? 0.6
        : error === 'provider_unavailable' || error === 'timeout'
          ? 0.4
          : 0.1;
    if (rng.chance(switchCard))
      provider = provider === user.provider ? user.altProvider : user.provider;
    t += Math.round(clamp(rng.logNormal(35_000, 0.6), 8_000, 300_000));
  }
  return null;
}

function activeOutage(
  outages: readonly PaymentOutage[],
  provider: number,
  t: number,
): PaymentOutage | undefined {
  for (const o of outages) {
    if (o.start > t) return undefined;
    if (t < o.end && o.provider === provider) return o;
  }
  return undefined;
}

function emit(
  sink: RecordSink,
  rng: Rng,
  charge: Charge,
  paymentId: string,
  provider: number,
  attempt: number,
  status: 'ATTEMPTED' | 'SUCCEEDED' | 'FAILED',
  errorCode: ErrorCode | null,
  t: number,
): void {
  if (t < sink.start || t >= sink.end) return;
  // built by hand: every interpolated string is a fixed identifier; `money` is JSON already
  const value = `{"paymentId":"${paymentId}","orderId":"${charge.orderId}","userId":"${charge.user.id}","provider":"${PROVIDERS[provider]}","status":"${status}"${
    errorCode ? `,"errorCode":"${errorCode}"` : ''
  },${charge.money},"attempt":${attempt},"timestamp":"${isoTime(t)}"}`;
  sink.emit('payments', charge.partition3, charge.orderId, t, value, [
    ['traceparent', traceparent(rng, charge.traceId)],
  ]);
  sink.truth?.add(charge.orderId, 'payments', `payments:${status}`, t, 'kept', 'checkout');
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
