import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateThresholdAll } from './alerts/index.ts';
import type { Frame, SourceSummary } from './contract.ts';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';
import { KITCHEN_WORKBOOK, metricStepMs, parseWorkbook } from './workbook/index.ts';
import type { AlertRuleDef, AlertRuleResult } from './contract.ts';

/** Which incident kind each metric's default alert is meant to catch in the kitchen demo. */
const CATCHES: Record<string, string> = {
  'rejected-per-minute': 'rejection-spike',
  'rejection-ratio': 'rejection-spike',
  'cluster-bad-minutes': 'broker-outage',
  'restaurant-closed-seconds': 'restaurant-closed',
  'probe-latency': 'broker-outage',
  'payment-success-rate': 'payment-outage',
  'users-affected': 'payment-outage',
};

/** A window's value is known at its end: allow one window of lag after an incident ends. */
const LAG_MS = 60_000;

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
      const lag = Math.max(LAG_MS, 2 * info.stepMs) + (info.alert.keepFiringForMs ?? 0);
      for (const incident of incidents) {
        expect(firing.some((f) => f.start >= incident.start && f.start < incident.end)).toBe(true);
      }
      for (const f of firing) {
        const inside = incidents.some(
          (i) => f.start >= i.start && f.start < i.end && (f.end ?? Infinity) <= i.end + lag,
        );
        expect(inside, `${f.series} ${new Date(f.start).toISOString()}`).toBe(true);
      }
    },
  );
});

const workbook = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);

/**
 * How long after its incident a rule may keep firing: two of its metric's windows (a window
 * holding the incident's last minutes is known at its end) plus keep_firing_for; a burn-rate
 * rule until its longest short window has no bad minute left.
 */
function lagOf(rule: AlertRuleDef): number {
  if (rule.kind === 'burn_rate')
    return Math.max(...rule.pairs.map((p) => p.shortMinutes)) * 60_000 + LAG_MS;
  const metric = workbook.metrics.find((m) => m.id === rule.metric)!;
  return 2 * metricStepMs(metric) + rule.keepFiringForMs;
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
          (i) => f.start >= i.start && f.start < i.end && (f.end ?? Infinity) <= i.end + lag,
        );
        expect(inside, `${id}: ${f.series} ${new Date(f.start).toISOString()}`).toBe(true);
      }
    },
  );

  it('covers every incident of the demo with at least one rule', () => {
    const caught = new Set(workbook.alerts.flatMap((r) => r.catches));
    expect(summary.incidents.filter((i) => !caught.has(i.kind))).toEqual([]);
  });
});
