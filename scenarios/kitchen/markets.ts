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

/** A market: its demand share, currency, aggregator shares (aligned with AGGREGATORS) and areas. */
export interface Region {
  name: string;
  currency: string;
  demand: number;
  aggregatorShares: readonly number[];
  areas: readonly string[];
}

/** UAE and Saudi markets; demand shares sum to 1. */
export const REGIONS: readonly Region[] = [
  {
    name: 'Dubai',
    currency: 'AED',
    demand: 0.34,
    aggregatorShares: [0.5, 0.18, 0.16, 0.16],
    areas: ['Al Quoz', 'Business Bay', 'Dubai Marina', 'Deira', 'Al Barsha', 'JLT'],
  },
  {
    name: 'Abu Dhabi',
    currency: 'AED',
    demand: 0.18,
    aggregatorShares: [0.5, 0.16, 0.2, 0.14],
    areas: ['Khalifa City', 'Al Reem Island', 'Mussafah', 'Al Khalidiyah'],
  },
  {
    name: 'Riyadh',
    currency: 'SAR',
    demand: 0.29,
    aggregatorShares: [0.4, 0.08, 0.32, 0.2],
    areas: ['Al Olaya', 'Al Malqa', 'Al Naseem', 'Hittin', 'Al Sulimaniyah'],
  },
  {
    name: 'Jeddah',
    currency: 'SAR',
    demand: 0.19,
    aggregatorShares: [0.42, 0.08, 0.3, 0.2],
    areas: ['Al Rawdah', 'Al Hamra', 'Al Safa', 'Obhur'],
  },
];
