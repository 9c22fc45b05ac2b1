import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateThresholdAll } from './alerts/index.ts';
import type { Frame, SourceSummary } from './contract.ts';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';
import { KITCHEN_WORKBOOK, metricStepMs, parseWorkbook } from './workbook/index.ts';
import type { AlertRuleDef, AlertRuleResult } from './contract.ts';

/** Which incident kind each metric's default alert is meant to catch in the kitchen demo. */
const CATCHES: Record<string, string> = {
  'rejected-5m': 'rejection-spike',
  'rejection-ratio': 'rejection-spike',
  'cluster-bad-minutes': 'broker-outage',
  'restaurant-closed-seconds': 'restaurant-closed',
  'probe-latency': 'broker-outage',
  'payment-success-rate': 'payment-outage',
  'revenue-at-risk': 'payment-outage',
};

/** A window's value is known at its end: allow one window of lag after an incident ends. */
const LAG_MS = 60_000;

/**
 * How much longer than its window a metric remembers an incident: a failed checkout stays at
 * risk for its 30-minute session after the outage (`revenue-at-risk`).
 */
const MEMORY_MS: Record<string, number> = { 'revenue-at-risk': 30 * 60_000 };

/** A window's length (its hop for a hopping window is the step): what it still holds after an incident. */
function windowMs(id: string): number {
  const metric = workbook.metrics.find((m) => m.id === id)!;
  const window = metric.kind === 'state_duration' ? null : metric.window;
  return (window ? window.sizeMs : metricStepMs(metric)) + (MEMORY_MS[id] ?? 0);
}

/** An interval still firing at the end of the replay has ended by then as far as is known. */
const endOf = (f: { end: number | null }): number => f.end ?? summary.end;

let engine: Engine;
let summary: SourceSummary;
let frame: Frame;
let rules: AlertRuleResult[];
beforeAll(async () => {
  engine = await createNodeEngine();
  summary = await engine.loadScenario({}); // the 24 h demo
  frame = await engine.frame(summary.end);
  rules = await engine.alerts(summary.end);
}, 180_000);
afterAll(() => engine.close());

describe('default alerts on the kitchen demo', () => {
  it.each(Object.entries(CATCHES))(
    '%s fires during its %s incident and at no other time',
    (id, kind) => {
      const info = summary.metrics.find((m) => m.id === id)!;
      const metric = frame.metrics.find((m) => m.id === id)!;
      const incidents = summary.incidents.filter((i) => i.kind === kind);
      expect(incidents.length).toBeGreaterThan(0);
      const firing = evaluateThresholdAll(metric.series, info.alert, { intervalMs: info.stepMs });
      const lag = Math.max(LAG_MS, info.stepMs + windowMs(id)) + (info.alert.keepFiringForMs ?? 0);
      for (const incident of incidents) {
        expect(firing.some((f) => f.start >= incident.start && f.start < incident.end)).toBe(true);
      }
      for (const f of firing) {
        const inside = incidents.some(
          (i) => f.start >= i.start && f.start < i.end && endOf(f) <= i.end + lag,
        );
        expect(inside, `${f.series} ${new Date(f.start).toISOString()}`).toBe(true);
      }
    },
  );
});

const workbook = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);

/**
 * How long after its incident a rule may keep firing: its metric's window and one step (a window
 * holding the incident's last minutes is known at its end, and holds them for its length) plus
 * keep_firing_for; a burn-rate rule until its longest short window has no bad minute left.
 */
function lagOf(rule: AlertRuleDef): number {
  if (rule.kind === 'burn_rate')
    return Math.max(...rule.pairs.map((p) => p.shortMinutes)) * 60_000 + LAG_MS;
  const metric = workbook.metrics.find((m) => m.id === rule.metric)!;
  return (
    Math.max(2 * metricStepMs(metric), metricStepMs(metric) + windowMs(rule.metric)) +
    rule.keepFiringForMs
  );
}

describe('kitchen workbook alert rules on the kitchen demo', () => {
  it.each(workbook.alerts.map((r) => [r.id, r] as const))(
    '%s fires in each incident it catches and at no other time',
    (id, rule) => {
      const result = rules.find((r) => r.id === id)!;
      expect(result.error).toBeNull();
      const incidents = summary.incidents.filter((i) => rule.catches.includes(i.kind));
      for (const incident of incidents) {
        const hit = result.intervals.some(
          (f) => f.start >= incident.start && f.start < incident.end,
        );
        expect(hit, `${id} misses ${incident.id}`).toBe(true);
      }
      const lag = lagOf(rule);
      for (const f of result.intervals) {
        const inside = incidents.some(
          (i) => f.start >= i.start && f.start < i.end && endOf(f) <= i.end + lag,
        );
        expect(inside, `${id}: ${f.series} ${new Date(f.start).toISOString()}`).toBe(true);
      }
    },
  );

  it('covers every incident of the demo with at least one rule, and no rule catches a near-miss', () => {
    const caught = new Set(workbook.alerts.flatMap((r) => r.catches));
    const incidents = summary.incidents.filter((i) => i.kind !== 'near-miss');
    expect(incidents.filter((i) => !caught.has(i.kind))).toEqual([]);
    expect(caught.has('near-miss')).toBe(false);
  });

  it('pages on no near-miss: no rule starts firing during one', () => {
    const nearMisses = summary.incidents.filter((i) => i.kind === 'near-miss');
    expect(nearMisses.map((i) => i.scope['resembles']).sort()).toEqual([
      'broker-outage',
      'payment-outage',
      'rejection-spike',
      'restaurant-closed',
    ]);
    const during = rules.flatMap((r) =>
      r.intervals
        .filter((f) => nearMisses.some((i) => f.start >= i.start && f.start < i.end))
        .map((f) => `${r.id} ${f.series} ${new Date(f.start).toISOString()}`),
    );
    expect(during).toEqual([]);
  });

  it('names what each rule catches, or marks it scored: false (the guard of --min-recall)', () => {
    const unguarded = workbook.alerts.filter((r) => r.catches.length === 0 && r.scored !== false);
    expect(unguarded.map((r) => r.id)).toEqual([]);
    expect(workbook.alerts.filter((r) => r.scored === false).map((r) => r.id)).toEqual([
      'transient-share-low',
    ]);
  });
});
