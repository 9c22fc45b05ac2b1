import { describe, expect, it } from 'vitest';
import type { Incident } from '../../formats/index.ts';
import { buildCatalog } from './catalog.ts';
import { planIncidents } from './incident-plan.ts';
import type { IncidentPlan } from './incident-types.ts';
import { REGIONS } from './markets.ts';
import { KITCHEN_DEFAULTS, NEAR_MISS, type KitchenIncidentKind } from './params.ts';
import { StatusTimeline } from './status-timeline.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const KINDS = KITCHEN_DEFAULTS.incidents;
/** Kinds that touch the same signals, kept apart by the plan (the rest may overlap). */
const GROUP: Record<string, string> = {
  'rejection-spike': 'orders',
  'payment-outage': 'orders',
  'restaurant-closed': 'restaurants',
  'broker-outage': 'cluster',
};

function plan(days: number, seed = KITCHEN_DEFAULTS.seed): IncidentPlan {
  const { start, restaurants, ordersPerHour } = KITCHEN_DEFAULTS;
  const catalog = buildCatalog(seed, restaurants, ordersPerHour);
  const timelines = catalog.restaurants.map(() => new StatusTimeline());
  return planIncidents(KINDS, start, start + days * DAY, catalog, timelines, seed);
}

const kindOf = (i: Incident): string =>
  i.kind === NEAR_MISS ? (i.scope['resembles'] as string) : i.kind;
const count = (labels: Incident[], kind: string, nearMiss: boolean): number =>
  labels.filter((i) => (i.kind === NEAR_MISS) === nearMiss && kindOf(i) === kind).length;
const minutes = (w: { start: number; end: number }): number => (w.end - w.start) / MINUTE;

describe('planIncidents', () => {
  const week = plan(7);
  const day = plan(1);

  it('places several incidents of each kind over a week, and near-misses of each kind', () => {
    // per day: 1.5 rejection spikes, 0.6 payment outages and closures, 0.5 broker outages,
    // 0.6 near-misses of each kind; rounded over the period
    expect(KINDS.map((k) => count(week.labels, k, false))).toEqual([11, 4, 4, 4]);
    expect(KINDS.map((k) => count(week.labels, k, true))).toEqual([4, 4, 4, 4]);
  });

  it('places the 24 h demo two rejection spikes, one incident of each other kind and one near-miss of each', () => {
    const kinds: KitchenIncidentKind[] = [...KINDS];
    expect(kinds.map((k) => count(day.labels, k, false))).toEqual([2, 1, 1, 1]);
    expect(kinds.map((k) => count(day.labels, k, true))).toEqual([1, 1, 1, 1]);
  });

  it('numbers label ids per kind in time order, and sorts the labels by start', () => {
    const serial = new Map<string, number>();
    week.labels.forEach((label, i) => {
      const n = (serial.get(label.kind) ?? 0) + 1;
      serial.set(label.kind, n);
      expect(label.id).toBe(`${label.kind}-${n}`);
      if (i > 0) expect(label.start).toBeGreaterThanOrEqual(week.labels[i - 1]!.start);
    });
  });

  it('keeps 10 min of baseline first, 5 min last, whole minutes, and 15 min between incidents on the same signals', () => {
    const { start } = KITCHEN_DEFAULTS;
    for (const label of week.labels) {
      expect(label.start).toBeGreaterThanOrEqual(start + 10 * MINUTE);
      expect(label.end).toBeLessThanOrEqual(start + 7 * DAY - 5 * MINUTE);
      expect([label.start % MINUTE, label.end % MINUTE]).toEqual([0, 0]);
    }
    for (const a of week.labels) {
      for (const b of week.labels) {
        if (a === b || GROUP[kindOf(a)] !== GROUP[kindOf(b)] || b.start < a.start) continue;
        expect(b.start - a.end, `${a.id} and ${b.id}`).toBeGreaterThanOrEqual(15 * MINUTE);
      }
    }
  });

  it('spreads severities from the mildest to the worst, at varied durations', () => {
    // rejection spikes: 14% … 30% of the region's orders (an aggregator rejects at most 90% of
    // its own: with a 30–32% share, the worst spike is 27–29% of the region); a near-miss 3% … 6%
    const regionShare = (s: IncidentPlan['rejectionSpikes'][number]) =>
      s.rate * REGIONS[s.region]!.aggregatorShares[s.aggregator]!;
    const spikes = week.rejectionSpikes.filter((s) => !s.nearMiss).map(regionShare);
    expect(Math.min(...spikes)).toBeCloseTo(0.14, 9);
    expect(Math.max(...spikes)).toBeGreaterThanOrEqual(0.27);
    expect(Math.max(...spikes)).toBeLessThanOrEqual(0.3);
    expect(Math.max(...week.rejectionSpikes.map((s) => s.rate))).toBeLessThanOrEqual(0.9);
    for (const s of week.rejectionSpikes.filter((x) => x.nearMiss)) {
      expect(regionShare(s)).toBeGreaterThanOrEqual(0.03);
      expect(regionShare(s)).toBeLessThanOrEqual(0.06);
    }
    const failRates = week.paymentOutages.filter((o) => !o.nearMiss).map((o) => o.failRate);
    expect([Math.min(...failRates), Math.max(...failRates)]).toEqual([0.5, 0.85]);
    for (const o of week.paymentOutages.filter((x) => x.nearMiss))
      expect(o.failRate).toBeLessThanOrEqual(0.35);
    const outages = week.brokerTroubles.filter((b) => !b.nearMiss);
    expect(Math.min(...outages.map((b) => b.peakUnderMinIsr))).toBe(2);
    expect(Math.max(...outages.map((b) => b.peakUnderMinIsr))).toBe(30);
    for (const b of week.brokerTroubles.filter((x) => x.nearMiss)) {
      expect([b.peakUnderMinIsr, b.offlineEnd - b.offlineStart]).toEqual([0, 0]);
      expect(b.probeMs).toBeLessThanOrEqual(300);
    }
    const durations = (kind: KitchenIncidentKind) =>
      week.labels.filter((l) => l.kind === kind).map(minutes);
    for (const [kind, [lo, hi]] of [
      ['rejection-spike', [15, 45]],
      ['payment-outage', [12, 40]],
      ['restaurant-closed', [60, 240]],
      ['broker-outage', [8, 25]],
    ] as const) {
      const d = durations(kind);
      expect(Math.min(...d), kind).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...d), kind).toBeLessThanOrEqual(hi);
      expect(new Set(d).size, kind).toBeGreaterThan(1);
    }
  });

  it('labels a near-miss with the kind it resembles, that kind’s scope, and "should not page"', () => {
    const nearMisses = week.labels.filter((l) => l.kind === NEAR_MISS);
    for (const l of nearMisses) {
      expect(KINDS).toContain(l.scope['resembles']);
      expect(l.description).toMatch(/^near miss, should not page: /);
    }
    const closures = nearMisses.filter((l) => l.scope['resembles'] === 'restaurant-closed');
    // shorter than any restaurant-closed incident (60 min), longer than a rush pause (≤ 25 min)
    for (const l of closures) expect(minutes(l)).toBeGreaterThanOrEqual(25);
    for (const l of closures) expect(minutes(l)).toBeLessThanOrEqual(38);
    const scopeKeys = (kind: string) => {
      const incident = week.labels.find((l) => l.kind === kind)!;
      return ['resembles', ...Object.keys(incident.scope)].sort();
    };
    for (const l of nearMisses)
      expect(Object.keys(l.scope).sort()).toEqual(scopeKeys(l.scope['resembles']!));
  });

  it('is the same plan for the same seed, and another for another seed', () => {
    expect(plan(7).labels).toEqual(week.labels);
    expect(plan(7, 8).labels).not.toEqual(week.labels);
  });
});
