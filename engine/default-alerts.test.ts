import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateThresholdAll } from './alerts/index.ts';
import type { Frame, SourceSummary } from './api.ts';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';

/** Which incident kind each metric's default alert is meant to catch in the kitchen demo. */
const CATCHES: Record<string, string> = {
  'rejected-per-minute': 'rejection-spike',
  'rejection-ratio': 'rejection-spike',
  'cluster-bad-minutes': 'broker-outage',
  'restaurant-closed-seconds': 'restaurant-closed',
};

/** A window's value is known at its end: allow one window of lag after an incident ends. */
const LAG_MS = 60_000;

let engine: Engine;
let summary: SourceSummary;
let frame: Frame;
beforeAll(async () => {
  engine = await createNodeEngine();
  summary = await engine.loadScenario({}); // the 24 h demo
  frame = await engine.frame(summary.end);
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
      for (const incident of incidents) {
        expect(firing.some((f) => f.start >= incident.start && f.start < incident.end)).toBe(true);
      }
      for (const f of firing) {
        const inside = incidents.some(
          (i) => f.start >= i.start && f.start < i.end && (f.end ?? Infinity) <= i.end + LAG_MS,
        );
        expect(inside, `${f.series} ${new Date(f.start).toISOString()}`).toBe(true);
      }
    },
  );
});
