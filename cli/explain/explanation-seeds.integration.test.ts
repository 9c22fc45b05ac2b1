import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplanationScore, ExplanationSummary } from '../../engine/index.ts';
import { KITCHEN_WORKBOOK, parseWorkbook, summarizeByLabel } from '../../engine/index.ts';
import { createNodeEngine, type Engine } from '../../engine/node.ts';
import { explainLabelled } from './incident-explanations.ts';

// Issue 12, point 4: every labelled incident and near-miss of the 24-hour kitchen scenario with
// all five incident kinds (the delivery slowdown included), over six seeds, explained as
// `tapedeck backtest` explains them (the rule's metric, the preceding 4× moved back before
// earlier labels of that metric, as known at the end). Seeds 1-12 were looked at while the
// method was developed (the nested-slice rule included); seeds 13-24 were held out (README).
const SEEDS = [1, 2, 3, 4, 5, 6];
const KINDS = [
  'rejection-spike',
  'restaurant-closed',
  'broker-outage',
  'payment-outage',
  'delivery-slowdown',
] as const;
const workbook = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
const scores: ExplanationScore[] = [];

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  for (const seed of SEEDS) {
    const source = await engine.loadScenario({ seed, incidents: [...KINDS] });
    const x = await explainLabelled(engine, workbook, source.incidents, source.end);
    for (const s of x.explanations) {
      if ('error' in s) throw new Error(`seed ${seed} ${s.incident}: ${s.error}`);
      scores.push({ ...s, incident: `seed ${seed} ${s.incident}` });
    }
  }
  for (const s of scores) {
    console.log(
      `${s.incident.padEnd(30)} ${s.metric.padEnd(26)} scope ${s.scopeRank ?? '–'} cause ${s.hasCause ? (s.causeRank ?? '–') : 'n/a'}  top ${s.top.combination?.value ?? s.top.dimension?.value ?? '–'}`,
    );
  }
  console.log(summarizeByLabel(scores));
}, 1_200_000);
afterAll(() => engine.close());

const share = (n: number, of: number) => (of === 0 ? NaN : n / of);
const ofKind = (kind: string) => scores.filter((s) => s.kind === kind);

describe('explanations of the kitchen labels over six seeds, scored against the labels', () => {
  it('has every kind of incident on every seed, each with a scope', () => {
    for (const kind of KINDS) expect(ofKind(kind).length).toBeGreaterThanOrEqual(SEEDS.length);
    expect(scores.filter((s) => !s.nearMiss).every((s) => s.hasScope)).toBe(true);
  });

  // The targets: ≥ 95% first and all in the top 3. Here 35/36 (one spike's restaurant,
  // 13 of its region's 17 rejections, goes before the region: README, "What changed").
  it('ranks the labelled scope of the incidents first in ≥ 95% of them and in the top 3 in all', () => {
    const s: ExplanationSummary = summarizeByLabel(scores).incidents;
    expect(s.scoped).toBeGreaterThanOrEqual(5 * SEEDS.length);
    expect(share(s.scopeFirst, s.scoped)).toBeGreaterThanOrEqual(0.95);
    expect(s.scopeTop3).toBe(s.scoped);
  });

  it('ranks the labelled provider, restaurant and broker first for every payment outage, closure and broker outage', () => {
    for (const kind of ['payment-outage', 'restaurant-closed', 'broker-outage']) {
      expect(ofKind(kind).map((s) => [s.incident, s.scopeRank])).toEqual(
        ofKind(kind).map((s) => [s.incident, 1]),
      );
    }
  });

  it('ranks the system event behind every incident caused by one first', () => {
    const s = summarizeByLabel(scores).incidents;
    // each seed's spikes, payment outage, broker outage and delivery slowdown name their cause
    expect(s.caused).toBeGreaterThanOrEqual(4 * SEEDS.length);
    expect(scores.filter((x) => x.hasCause && !x.nearMiss && x.causeRank !== 1)).toEqual([]);
    expect(s.causeFirst).toBe(s.caused);
  });

  it('finds the picked up → delivered stage behind every delivery slowdown', () => {
    expect(ofKind('delivery-slowdown').map((s) => [s.incident, s.top.stage])).toEqual(
      ofKind('delivery-slowdown').map((s) => [s.incident, 'picked up → delivered']),
    );
  });
});
