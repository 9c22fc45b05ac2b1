import { Faker, base, en } from '@faker-js/faker';
import { PROVIDER_SHARES, PROVIDERS, REGIONS, type Region } from './markets.ts';
import { Rng, WeightedTable } from './prng.ts';

const CUISINES = [
  { noun: 'Burgers', price: 38 },
  { noun: 'Shawarma', price: 24 },
  { noun: 'Pizza', price: 45 },
  { noun: 'Bowls', price: 42 },
  { noun: 'Biryani', price: 36 },
  { noun: 'Sushi', price: 58 },
  { noun: 'Grill', price: 52 },
  { noun: 'Tacos', price: 34 },
  { noun: 'Salads', price: 32 },
  { noun: 'Fried Chicken', price: 30 },
  { noun: 'Noodles', price: 35 },
  { noun: 'Desserts', price: 26 },
];

export interface Dish {
  name: string;
  price: number;
}

/** A virtual brand; one brand cooks in several kitchens. */
export interface Brand {
  name: string;
  dishes: Dish[];
  dishTable: WeightedTable;
}

/** One brand in one kitchen: the unit that opens, closes, accepts and rejects orders. */
export interface Restaurant {
  index: number;
  id: string;
  name: string;
  brand: Brand;
  region: number;
  popularity: number;
  /** multiplies preparation times */
  speed: number;
  /** probability of rejecting an order at average load, outside bursts and stock-outs */
  rejectRate: number;
}

/** A customer: home region, saved card (provider), a second card, and favourite app. */
export interface User {
  id: string;
  region: number;
  provider: number;
  altProvider: number;
  aggregator: number;
}

/** The simulated world: everything fixed before the first event. */
export interface Catalog {
  restaurants: Restaurant[];
  /** restaurant indices per region */
  byRegion: number[][];
  /** users per region; lower indices order more often */
  users: User[][];
  aggregatorTables: WeightedTable[];
  providerTable: WeightedTable;
}

/** Faker's reference date is pinned so that nothing in the catalog depends on the wall clock. */
const FAKER_REF_DATE = Date.UTC(2026, 0, 1);
const BRANDS_PER_KITCHEN = 3;

/** Builds the world for a seed: brands and restaurant names from faker, numbers from Rng. */
export function buildCatalog(
  seed: number,
  restaurantCount: number,
  ordersPerHour: number,
): Catalog {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  faker.setDefaultRefDate(FAKER_REF_DATE);
  const rng = new Rng(seed, 'catalog');

  const kitchens = Math.ceil(restaurantCount / BRANDS_PER_KITCHEN);
  const brands = makeBrands(faker, rng, Math.min(24, Math.max(BRANDS_PER_KITCHEN, kitchens + 1)));
  const kitchenRegions = apportion(
    REGIONS.map((r) => r.demand),
    kitchens,
  );
  const usedIds = new Set<string>();
  const restaurants: Restaurant[] = [];
  const areaUse = REGIONS.map(() => 0);
  for (let k = 0; k < kitchens; k++) {
    const region = kitchenRegions[k] as number;
    const regionInfo = REGIONS[region] as Region;
    const use = areaUse[region] as number;
    areaUse[region] = use + 1;
    const areaName = regionInfo.areas[use % regionInfo.areas.length] as string;
    const area =
      use < regionInfo.areas.length
        ? areaName
        : `${areaName} ${Math.floor(use / regionInfo.areas.length) + 1}`;
    const here = pickDistinct(rng, brands.length, BRANDS_PER_KITCHEN);
    for (const b of here) {
      if (restaurants.length === restaurantCount) break;
      const brand = brands[b] as Brand;
      let id = faker.string.alphanumeric({ length: 9, casing: 'lower' });
      while (usedIds.has(id)) id = faker.string.alphanumeric({ length: 9, casing: 'lower' });
      usedIds.add(id);
      restaurants.push({
        index: restaurants.length,
        id,
        name: `${brand.name} (${area})`,
        brand,
        region,
        popularity: rng.logNormal(1, 0.35),
        speed: rng.logNormal(1, 0.12),
        rejectRate: Math.min(
          0.02,
          Math.max(0.001, rng.logNormal(0.0042, 0.5) * regionInfo.rejectFactor),
        ),
      });
    }
  }
  const byRegion = REGIONS.map((_, r) =>
    restaurants.filter((x) => x.region === r).map((x) => x.index),
  );
  const providerTable = new WeightedTable(PROVIDER_SHARES);
  const aggregatorTables = REGIONS.map((r) => new WeightedTable(r.aggregatorShares));
  return {
    restaurants,
    byRegion,
    users: makeUsers(new Rng(seed, 'users'), ordersPerHour, aggregatorTables, providerTable),
    aggregatorTables,
    providerTable,
  };
}

function makeBrands(faker: Faker, rng: Rng, count: number): Brand[] {
  const names = new Set<string>();
  const brands: Brand[] = [];
  while (brands.length < count) {
    const cuisine = CUISINES[brands.length % CUISINES.length]!;
    const name = rng.chance(0.5)
      ? `${faker.person.lastName()}'s ${cuisine.noun}`
      : `The ${capitalize(faker.food.adjective())} ${cuisine.noun}`;
    if (names.has(name)) continue;
    names.add(name);
    const dishNames = new Set<string>();
    const dishCount = 6 + rng.int(4);
    for (let tries = 0; dishNames.size < dishCount && tries < 50; tries++) {
      dishNames.add(faker.food.dish());
    }
    const dishes = [...dishNames].map((dish) => ({
      name: dish,
      price: Math.round(cuisine.price * rng.logNormal(1, 0.25) * 2) / 2,
    }));
    brands.push({
      name,
      dishes,
      dishTable: new WeightedTable(dishes.map((_, i) => 1 / (i + 1))),
    });
  }
  return brands;
}

function makeUsers(
  rng: Rng,
  ordersPerHour: number,
  aggregatorTables: WeightedTable[],
  providerTable: WeightedTable,
): User[][] {
  const total = Math.max(200, Math.round(ordersPerHour * 24 * 0.55));
  let serial = 100_000;
  return REGIONS.map((region, r) => {
    const users: User[] = [];
    const count = Math.max(20, Math.round(total * region.demand));
    for (let i = 0; i < count; i++) {
      const provider = providerTable.pick(rng);
      users.push({
        id: `u-${serial++}`,
        region: r,
        provider,
        altProvider: (provider + 1 + rng.int(PROVIDERS.length - 1)) % PROVIDERS.length,
        aggregator: aggregatorTables[r]!.pick(rng),
      });
    }
    return users;
  });
}

/** Sequential apportionment: each next kitchen goes to the region furthest below its share. */
function apportion(shares: readonly number[], seats: number): number[] {
  const counts = shares.map(() => 0);
  const out: number[] = [];
  for (let k = 0; k < seats; k++) {
    let best = 0;
    let bestGap = -Infinity;
    shares.forEach((share, r) => {
      const gap = share * (k + 1) - (counts[r] as number);
      if (gap > bestGap) {
        bestGap = gap;
        best = r;
      }
    });
    counts[best] = (counts[best] as number) + 1;
    out.push(best);
  }
  return out;
}

function pickDistinct(rng: Rng, n: number, k: number): number[] {
  const chosen: number[] = [];
  while (chosen.length < Math.min(n, k)) {
    const i = rng.int(n);
    if (!chosen.includes(i)) chosen.push(i);
  }
  return chosen;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
