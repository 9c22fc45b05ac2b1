import { describe, expect, it } from 'vitest';
import type { BacktestScore } from './backtest-score.ts';
import { middleRow, recommendThreshold, safeRanges, thresholdMargin } from './safe-range.ts';
import { bestThreshold, type ScoredRow, type SweepGoal } from './threshold-sweep.ts';

const M = 60_000;

/** A sweep row with the fields choosing a threshold reads; false alerts per day = false / 7. */
function row(
  threshold: number,
  recall: number | null,
  falseAlerts: number,
  more: Partial<BacktestScore> & { forMs?: number } = {},
): ScoredRow {
  const { forMs = 0, ...score } = more;
  const base: BacktestScore = {
    incidents: 2,
    detected: recall === null ? 0 : recall * 2,
    alerts: falseAlerts + 1,
    trueAlerts: 1,
    falseAlerts,
    recall,
    precision: 1 / (falseAlerts + 1),
    alertsPerDay: (falseAlerts + 1) / 7,
    falseAlertsPerDay: falseAlerts / 7,
    meanTimeToDetectMs: threshold * M,
    flapping: 0,
    perIncident: [],
  };
  return { threshold, forMs, score: { ...base, ...score } };
}

const thresholds = (rows: readonly ScoredRow[]) => rows.map((r) => r.threshold);
const GOAL: SweepGoal = { maximize: 'recall', maxFalseAlertsPerWeek: 1 };

/**
 * Thresholds 0…10 of a `>` rule, scored over one week: 0 raises 3 false alerts and 1 one (1 a
 * week: within the goal), 2…6 none, and from 7 on the incidents are missed. Time to detect
 * grows with the threshold (t minutes).
 */
const ISSUE_SHAPE = [
  row(0, 1, 3),
  row(1, 1, 1),
  ...[2, 3, 4, 5, 6].map((t) => row(t, 1, 0)),
  ...[7, 8, 9, 10].map((t) => row(t, 0, 0)),
];

describe('safeRanges', () => {
  it('is each maximal run of rows within the limits that reach the best recall', () => {
    const ranges = safeRanges(ISSUE_SHAPE, GOAL);
    expect(ranges.map(({ forMs, from, to, width }) => ({ forMs, from, to, width }))).toEqual([
      { forMs: 0, from: 1, to: 6, width: 5 },
    ]);
    expect(thresholds(ranges[0]!.rows)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('splits at a row beyond the false-alert budget and reads rows in threshold order', () => {
    const rows = [
      ...[5, 6, 7, 8, 9].map((t) => row(t, 1, 0)),
      row(3, 1, 2),
      row(4, 1, 2),
      ...[0, 1, 2].map((t) => row(t, 1, 0)),
    ];
    expect(safeRanges(rows, GOAL).map((r) => [r.from, r.to, r.width])).toEqual([
      [0, 2, 2],
      [5, 9, 4],
    ]);
  });

  it('keeps each for value its own curve, for values ascending', () => {
    const rows = [
      ...[0, 1, 2].map((t) => row(t, 1, 0, { forMs: 3 * M })),
      ...[0, 1, 2].map((t) => row(t, t === 1 ? 0.5 : 1, 0)),
    ];
    expect(safeRanges(rows, GOAL).map((r) => [r.forMs, r.from, r.to])).toEqual([
      [0, 0, 0],
      [0, 2, 2],
      [3 * M, 0, 2],
    ]);
  });

  it('is empty when no row is within the limits', () => {
    expect(safeRanges(ISSUE_SHAPE, { maximize: 'recall', minRecall: 1.5 })).toEqual([]);
  });

  it('maximizes precision when asked, null precision counting lowest', () => {
    const rows = [
      row(0, 1, 1), // precision 1/2
      row(1, 1, 0), // 1
      row(2, 1, 0), // 1
      row(3, 0, 0, { alerts: 0, trueAlerts: 0, precision: null }),
    ];
    expect(safeRanges(rows, { maximize: 'precision' }).map((r) => [r.from, r.to])).toEqual([
      [1, 2],
    ]);
  });
});

describe('recommendThreshold', () => {
  it('picks the middle of the widest safe range where bestThreshold picks its edge', () => {
    // the safe range is 1…6, midpoint 3.5: 3 and 4 are equally near, 3 detects earlier
    const rec = recommendThreshold(ISSUE_SHAPE, GOAL)!;
    expect(rec.row.threshold).toBe(3);
    expect([rec.range.from, rec.range.to]).toEqual([1, 6]);
    expect(bestThreshold(ISSUE_SHAPE, GOAL)!.threshold).toBe(1);
  });

  it('reports the margin: how far the threshold moves each way before recall or false alerts change', () => {
    // from 3: 2 keeps recall 1 and 0 false alerts, 1 has one false alert; 4…6 keep both, 7 misses
    expect(recommendThreshold(ISSUE_SHAPE, GOAL)!.margin).toEqual({
      below: { distance: 1, value: 2, changesAt: 1, recallThere: 1, falseAlertsThere: 1 },
      above: { distance: 3, value: 6, changesAt: 7, recallThere: 0, falseAlertsThere: 0 },
    });
  });

  it('prefers the wider of two safe ranges; a margin reaching the end of the sweep changes nowhere', () => {
    const rows = [
      ...[0, 1, 2].map((t) => row(t, 1, 0)),
      row(3, 1, 2),
      row(4, 1, 2),
      ...[5, 6, 7, 8, 9].map((t) => row(t, 1, 0)),
    ];
    const rec = recommendThreshold(rows, GOAL)!;
    expect([rec.row.threshold, rec.range.from, rec.range.to]).toEqual([7, 5, 9]);
    expect(rec.margin).toEqual({
      below: { distance: 2, value: 5, changesAt: 4, recallThere: 1, falseAlertsThere: 2 },
      above: { distance: 2, value: 9, changesAt: null, recallThere: null, falseAlertsThere: null },
    });
  });

  it('measures width in the metric’s unit, so uneven values pick the one nearest the midpoint', () => {
    // one range 0.1…1, midpoint 0.55: 0.5 is nearest, though 0.2 is the middle of four values
    const rows = [0.1, 0.2, 0.5, 1].map((t) => row(t, 1, 0));
    expect(recommendThreshold(rows, GOAL)!.row.threshold).toBe(0.5);
  });

  it('of equally wide ranges takes the one whose middle detects earlier, then fewer alerts, then the lower for', () => {
    const slow = [2, 3, 4].map((t) => row(t, 1, 0, { forMs: 3 * M, meanTimeToDetectMs: 9 * M }));
    const fast = [2, 3, 4].map((t) => row(t, 1, 0, { forMs: 5 * M, meanTimeToDetectMs: M }));
    const rec = recommendThreshold([...slow, ...fast], GOAL)!;
    expect([rec.row.threshold, rec.row.forMs]).toEqual([3, 5 * M]);

    const same = (forMs: number) => [2, 3, 4].map((t) => row(t, 1, 0, { forMs }));
    const tie = recommendThreshold([...same(5 * M), ...same(3 * M)], GOAL)!;
    expect([tie.row.threshold, tie.row.forMs]).toEqual([3, 3 * M]);
  });

  it('is null when no row meets the goal, and a one-value range is its own middle with no margin', () => {
    expect(recommendThreshold(ISSUE_SHAPE, { maximize: 'recall', minRecall: 1.5 })).toBeNull();
    const rec = recommendThreshold([row(0, 1, 5), row(1, 1, 0), row(2, 1, 5)], GOAL)!;
    expect(rec.row.threshold).toBe(1);
    expect(rec.range.width).toBe(0);
    expect([rec.margin.below.distance, rec.margin.above.distance]).toEqual([0, 0]);
    expect([rec.margin.below.changesAt, rec.margin.above.changesAt]).toEqual([0, 2]);
  });

  it('breaks a tie between evenly spaced values despite rounding', () => {
    // 0.1 … 0.6 in steps of 0.1 computed as lo + (hi − lo) k / 5: the midpoint 0.35 is
    // equidistant from 0.3 and 0.4 only up to rounding; 0.3 detects earlier
    const values = [0, 1, 2, 3, 4, 5].map((k) => 0.1 + (0.5 * k) / 5);
    const rec = recommendThreshold(
      values.map((t) => row(t, 1, 0)),
      GOAL,
    )!;
    expect(rec.row.threshold).toBe(values[2]);
  });
});

describe('middleRow and thresholdMargin', () => {
  it('middleRow of an even run takes the better of the two middle rows', () => {
    const range = safeRanges(
      [1, 2, 3, 4].map((t) => row(t, 1, 0, { meanTimeToDetectMs: t === 3 ? 0 : M })),
      GOAL,
    )[0]!;
    expect(middleRow(range, 'recall').threshold).toBe(3);
  });

  it('thresholdMargin rejects a row that is not in the sweep', () => {
    expect(() => thresholdMargin(ISSUE_SHAPE, row(3, 1, 0))).toThrow(/invalid row/);
  });
});
