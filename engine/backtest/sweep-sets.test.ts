import { describe, expect, it } from 'vitest';
import type { Series } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { evenlySpaced, sweepRange } from './sweep-values.ts';
import { heldOutScores, poolScores, sweepSets, type SweepSet } from './sweep-sets.ts';
import { sweepThreshold } from './threshold-sweep.ts';
import { trainTestSweep } from './train-test-sweep.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;
const DAY = 86_400_000;

/**
 * A recording of `days` days as a sweep set: one 1-minute series at 0 with bumps
 * `[startMinute, minutes, value]`, each bump listed in `incidents` labelled as an incident.
 */
function set(
  name: string,
  days: number,
  bumps: [number, number, number][],
  incidents: number[],
): SweepSet {
  const values = new Float64Array(days * 1440);
  for (const [start, minutes, value] of bumps) values.fill(value, start, start + minutes);
  const series: Series = {
    label: 'x',
    times: Float64Array.from(values, (_, k) => T0 + k * M),
    values,
  };
  return {
    name,
    series: [series],
    incidents: incidents.map((b): Incident => {
      const [start, minutes] = bumps[b]!;
      return {
        id: `${name}-${b}`,
        kind: 'spike',
        start: T0 + start * M,
        end: T0 + (start + minutes) * M,
        scope: {},
        description: '',
      };
    }),
    options: {
      intervalMs: M,
      start: T0,
      until: T0 + days * DAY - M,
      tolerance: { beforeMs: 0, afterMs: 0 },
      span: { start: T0, end: T0 + days * DAY },
    },
  };
}

const RULE = { op: '>' as const, threshold: 0, forMs: 0 };
// A: 1 day, an incident peaking at 8 and a harmless bump of 5.
// B: 2 days, an incident peaking at 6 and a harmless bump of 3.
const A = set(
  'a',
  1,
  [
    [100, 10, 8],
    [300, 3, 5],
  ],
  [0],
);
const B = set(
  'b',
  2,
  [
    [500, 10, 6],
    [1000, 2, 3],
  ],
  [0],
);

describe('poolScores and sweepSets', () => {
  it('pools counts by summing and rates over the sets’ total days (hand-computed)', () => {
    // > 2: both incidents and both bumps fire; > 4: B's bump no longer; > 5.5: neither bump;
    // > 7: B's incident is missed. 3 days in all.
    const rows = sweepSets([A, B], RULE, [2, 4, 5.5, 7], undefined);
    expect(
      rows.map((r) => [r.threshold, r.score.detected, r.score.alerts, r.score.falseAlerts]),
    ).toEqual([
      [2, 2, 4, 2],
      [4, 2, 3, 1],
      [5.5, 2, 2, 0],
      [7, 1, 1, 0],
    ]);
    expect(rows.map((r) => r.score.recall)).toEqual([1, 1, 1, 0.5]);
    expect(rows.map((r) => r.score.precision)).toEqual([0.5, 2 / 3, 1, 1]);
    expect(rows[0]!.score.falseAlertsPerDay).toBeCloseTo(2 / 3, 12);
    expect(rows[1]!.score.alertsPerDay).toBe(1);
    expect(rows[0]!.score.meanTimeToDetectMs).toBe(0);
    expect(rows[3]!.score.perIncident).toEqual([
      { incidentId: 'a-0', detected: true, timeToDetectMs: 0 },
      { incidentId: 'b-0', detected: false, timeToDetectMs: null },
    ]);
  });

  it('gives each set exactly its own sweepThreshold score, and one set pools to its own score', () => {
    const thresholds = [1, 3, 5, 7];
    const fors = [0, 2 * M];
    const rows = sweepSets([A, B], RULE, thresholds, fors);
    const alone = [A, B].map((s) =>
      sweepThreshold([...s.series], RULE, thresholds, fors, [...s.incidents], s.options),
    );
    rows.forEach((r, i) => {
      expect([r.threshold, r.forMs]).toEqual([alone[0]![i]!.threshold, alone[0]![i]!.forMs]);
      expect(r.perSet).toEqual([alone[0]![i]!.score, alone[1]![i]!.score]);
    });
    sweepSets([B], RULE, thresholds, fors).forEach((r, i) =>
      expect(r.score).toEqual(alone[1]![i]!.score),
    );
  });

  it('weights mean time to detect by detections, not by set', () => {
    const score = (ttds: (number | null)[]) => ({
      ...sweepSets([A], RULE, [1], undefined)[0]!.score,
      detected: ttds.filter((t) => t !== null).length,
      perIncident: ttds.map((t, i) => ({
        incidentId: `i${i}`,
        detected: t !== null,
        timeToDetectMs: t,
      })),
    });
    // (1 + 2 + 6) / 3, not the mean of the sets' means (1.5 and 6)
    const pooled = poolScores([
      { score: score([M, 2 * M]), days: 1 },
      { score: score([6 * M, null]), days: 1 },
    ]);
    expect(pooled.meanTimeToDetectMs).toBe(3 * M);
  });

  it('heldOutScores scores one threshold and for on each held-out set and pooled', () => {
    const got = heldOutScores([A, B], RULE, 5.5, 0);
    expect(got.perSet.map((s) => [s.name, s.score.detected, s.score.falseAlerts])).toEqual([
      ['a', 1, 0],
      ['b', 1, 0],
    ]);
    expect([got.pooled.recall, got.pooled.alerts]).toEqual([1, 2]);
  });
});

describe('trainTestSweep', () => {
  // C and D are held out: C's incident peaks at 4.2, D's at 3.9.
  const C = set(
    'c',
    1,
    [
      [200, 10, 4.2],
      [600, 2, 2],
    ],
    [0],
  );
  const D = set('d', 1, [[200, 10, 3.9]], [0]);
  const thresholds = evenlySpaced(0.5, 8, 16); // 0.5, 1, …, 8
  // at most 3 false alerts a week over 3 days: at most 1 false alert; recall at least 1
  const goal = { maximize: 'recall' as const, maxFalseAlertsPerWeek: 3, minRecall: 1 };
  const result = trainTestSweep({ train: [A, B], test: [C, D], rule: RULE, thresholds, goal });

  it('recommends the middle of the widest safe range on the training sets (hand-computed)', () => {
    // recall 1 needs > t below 6; at most 1 false alert needs t ≥ 3 (B's bump of 3 then stays
    // quiet): safe 3…5.5, midpoint 4.25; 4 and 4.5 tie on detection and alerts, so the lower
    expect(result.ranges.map((r) => [r.from, r.to])).toEqual([[3, 5.5]]);
    expect(result.recommendation!.row.threshold).toBe(4);
    // the edge pick: the fewest alerts at full recall, the first such row
    expect(result.edge!.threshold).toBe(5);
    expect(result.recommendation!.margin).toEqual({
      below: { distance: 1, value: 3, changesAt: 2.5, recallThere: 1, falseAlertsThere: 2 },
      above: { distance: 0.5, value: 4.5, changesAt: 5, recallThere: 1, falseAlertsThere: 0 },
    });
  });

  it('scores the recommendation on the held-out sets, which say it does not generalize', () => {
    const held = result.heldOut!;
    expect([held.threshold, held.forMs]).toEqual([4, 0]);
    // > 4 catches C's 4.2 but not D's 3.9; C's bump of 2 stays quiet
    expect(held.perSet.map((s) => [s.name, s.score.detected, s.score.falseAlerts])).toEqual([
      ['c', 1, 0],
      ['d', 0, 0],
    ]);
    expect(held.pooled.recall).toBe(0.5);
    expect(held.withinGoal).toBe(false);
  });

  it('has no held-out scores without held-out sets', () => {
    const alone = trainTestSweep({ train: [A], test: [], rule: RULE, thresholds, goal });
    expect(alone.heldOut).toBeNull();
    expect(alone.recommendation).not.toBeNull();
  });
});

describe('evenlySpaced and sweepRange', () => {
  it('spaces values evenly with both ends included and the last exact', () => {
    expect(evenlySpaced(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenlySpaced(2, 2, 5)).toEqual([2]);
    expect(sweepRange([[3, NaN, 1]], 3)).toEqual([1, 2, 3]);
  });

  it('fails naming the bad option', () => {
    expect(() => evenlySpaced(1, 0, 5)).toThrow(/invalid to: 0/);
    expect(() => evenlySpaced(0, 1, 1)).toThrow(/invalid steps: 1/);
    expect(() => evenlySpaced(0, NaN, 3)).toThrow(/invalid to/);
  });
});
