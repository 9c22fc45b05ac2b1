/**
 * The markets the kitchens sell in: regions, the apps orders arrive through, payment providers.
 * Shares are fixed, not drawn, so every seed has the same market structure.
 */

/** Third-party aggregators and the kitchens' own app, as they appear in order events. */
export const AGGREGATORS = ['Talabat', 'Deliveroo', 'Careem', 'Direct'] as const;

/** Payment service providers. */
export const PROVIDERS = ['Stripe', 'Adyen', 'Checkout.com'] as const;
/** Each provider's share of users' saved cards, aligned with PROVIDERS. */
export const PROVIDER_SHARES: readonly number[] = [0.45, 0.35, 0.2];
/** Each provider's everyday share of failed attempts (declines, timeouts), aligned with PROVIDERS. */
export const PROVIDER_FAILURE: readonly number[] = [0.032, 0.037, 0.046];

/**
 * A market: its demand share, currency, aggregator shares (aligned with AGGREGATORS), areas, the
 * days of its weekend (`Date.getUTCDay()`: 0 Sunday … 6 Saturday) and how much more often its
 * kitchens reject an order than the average kitchen.
 */
export interface Region {
  name: string;
  currency: string;
  demand: number;
  aggregatorShares: readonly number[];
  areas: readonly string[];
  weekend: readonly number[];
  rejectFactor: number;
}

/** How much busier a weekend day is than a weekday. */
export const WEEKEND_DEMAND = 1.2;

/** UAE (weekend Saturday–Sunday since 2022) and Saudi (Friday–Saturday) markets; demand shares sum to 1. */
export const REGIONS: readonly Region[] = [
  {
    name: 'Dubai',
    currency: 'AED',
    demand: 0.34,
    aggregatorShares: [0.5, 0.18, 0.16, 0.16],
    areas: ['Al Quoz', 'Business Bay', 'Dubai Marina', 'Deira', 'Al Barsha', 'JLT'],
    weekend: [6, 0],
    rejectFactor: 0.8,
  },
  {
    name: 'Abu Dhabi',
    currency: 'AED',
    demand: 0.18,
    aggregatorShares: [0.5, 0.16, 0.2, 0.14],
    areas: ['Khalifa City', 'Al Reem Island', 'Mussafah', 'Al Khalidiyah'],
    weekend: [6, 0],
    rejectFactor: 1,
  },
  {
    name: 'Riyadh',
    currency: 'SAR',
    demand: 0.29,
    aggregatorShares: [0.4, 0.08, 0.32, 0.2],
    areas: ['Al Olaya', 'Al Malqa', 'Al Naseem', 'Hittin', 'Al Sulimaniyah'],
    weekend: [5, 6],
    rejectFactor: 1.3,
  },
  {
    name: 'Jeddah',
    currency: 'SAR',
    demand: 0.19,
    aggregatorShares: [0.42, 0.08, 0.3, 0.2],
    areas: ['Al Rawdah', 'Al Hamra', 'Al Safa', 'Obhur'],
    weekend: [5, 6],
    rejectFactor: 1.15,
  },
];
