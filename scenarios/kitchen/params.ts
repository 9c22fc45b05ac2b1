/** Which incidents a kitchen scenario injects. */
export type KitchenIncidentKind =
  | 'rejection-spike'
  | 'restaurant-closed'
  | 'broker-outage'
  | 'payment-outage'
  | 'delivery-slowdown';

/**
 * The kind of a near-miss label: a small bump like an incident of kind `scope.resembles` (a short
 * closure, a brief provider blip, a rolling broker restart) that should not page. Backtests score
 * no rule against it unless the rule `catches` it, so an alert on one shows as a false alert.
 */
export const NEAR_MISS = 'near-miss';

/** Parameters of the kitchen scenario. The same parameters give byte-identical output. */
export interface KitchenParams {
  seed: number;
  /** start of the simulated period, ms since epoch (UTC) */
  start: number;
  /** length of the simulated period, ms */
  durationMs: number;
  /** number of restaurants (kitchens × brands) */
  restaurants: number;
  /** average orders per hour over a day; the daily curve peaks at lunch and dinner */
  ordersPerHour: number;
  /** incidents to inject; their times are placed by the seed inside the period */
  incidents: KitchenIncidentKind[];
  /**
   * a service (`kitchen-service`, `delivery-service` or `order-service`) that drops the trace
   * context of a share of the orders from `start` to `end` (seed 003), labelled as an incident
   * of kind `trace-context-drop`; absent = none
   */
  traceDrop?: { service: string; start: number; end: number; share: number };
}

/** The services of the order lifecycle, which `traceDrop` may name. */
export const TRACE_DROP_SERVICES = ['kitchen-service', 'delivery-service', 'order-service'];

/** The defaults, used by the built-in demo (24 hours) and by the CLI. */
export const KITCHEN_DEFAULTS: KitchenParams = {
  seed: 7,
  start: Date.UTC(2026, 0, 5, 0, 0, 0),
  durationMs: 24 * 3600_000,
  restaurants: 24,
  ordersPerHour: 1200,
  incidents: ['rejection-spike', 'restaurant-closed', 'broker-outage', 'payment-outage'],
};
