import { describe, expect, it } from 'vitest';
import type { Series } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { scoreAlerts, type BacktestScore } from './backtest-score.ts';
import { evaluateThresholdAll } from '../alerts/threshold-rule.ts';
import { bestThreshold, sweepThreshold, type SweepRow } from './threshold-sweep.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;
const DAY = 86_400_000;

/** A deterministic noisy series with NaN holes and a dropped sample now and then. */
function noisy(label: string, seed: number, length: number): Series {
  let x = seed;
  const rand = (): number => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const times: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < length; k++) {
    const r = rand();
    if (r < 0.02) continue;
    times.push(T0 + k * M);
    values.push(r < 0.04 ? NaN : Math.round(rand() * 100));
  }
  return { label, times: Float64Array.from(times), values: Float64Array.from(values) };
}

describe('sweepThreshold', () => {
  it('gives, for every threshold and for, exactly what evaluateThresholdAll and scoreAlerts give', () => {
    const series = [noisy('eu', 1, 3000), noisy('us', 2, 2500)];
    const incidents: Incident[] = [
      { id: 'i1', kind: 'k', start: T0 + 100 * M, end: T0 + 130 * M, scope: {}, description: '' },
      { id: 'i2', kind: 'k', start: T0 + 2000 * M, end: T0 + 2010 * M, scope: {}, description: '' },
    ];
    const rule = { op: '>=' as const, threshold: 0, forMs: 0, keepFiringForMs: 2 * M };
    const thresholds = Array.from({ length: 41 }, (_, i) => 60 + i);
    const forValues = [0, 2 * M];
    const options = {
      intervalMs: M,
      start: T0,
      tolerance: { beforeMs: 5 * M, afterMs: 0 },
      span: { start: T0, end: T0 + 3000 * M },
    };
    const rows = sweepThreshold(series, rule, thresholds, forValues, incidents, options);
    expect(rows).toHaveLength(82);
    let alertsSeen = 0;
    rows.forEach((row, i) => {
      const forMs = forValues[Math.floor(i / thresholds.length)]!;
      const threshold = thresholds[i % thresholds.length]!;
      expect([row.forMs, row.threshold]).toEqual([forMs, threshold]);
      const expected = evaluateThresholdAll(series, { ...rule, threshold, forMs }, options);
      expect(row.intervals).toEqual(expected);
      expect(row.score).toEqual(scoreAlerts(expected, incidents, options));
      alertsSeen += expected.length;
    });
    expect(alertsSeen).toBeGreaterThan(100);
  });

  it('finds the threshold that catches the incident without the false alarm', () => {
    // an incident spike of 8 over minutes 100..109, a harmless blip of 5 over minutes 300..302
    const values = new Float64Array(1440);
    values.fill(8, 100, 110);
    values.fill(5, 300, 303);
    const series: Series = {
      label: 'x',
      times: Float64Array.from(values, (_, k) => T0 + k * M),
      values,
    };
    const incidents: Incident[] = [
      { id: 'i', kind: 'k', start: T0 + 100 * M, end: T0 + 110 * M, scope: {}, description: '' },
    ];
    const rows = sweepThreshold(
      [series],
      { op: '>', threshold: 0, forMs: 0 },
      [4, 6, 9],
      undefined,
      incidents,
      { intervalMs: M, tolerance: { beforeMs: 0, afterMs: 0 }, span: { start: T0, end: T0 + DAY } },
    );
    expect(rows.map((r) => [r.score.recall, r.score.falseAlerts])).toEqual([
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(bestThreshold(rows, { maximize: 'recall', maxFalseAlertsPerWeek: 0 })?.threshold).toBe(
      6,
    );
    expect(bestThreshold(rows, { maximize: 'recall', maxFalseAlertsPerWeek: 7 })?.threshold).toBe(
      6,
    );
  });
});

function row(threshold: number, score: Partial<BacktestScore>): SweepRow {
  const base: BacktestScore = {
    incidents: 2,
    detected: 0,
    alerts: 0,
    trueAlerts: 0,
    falseAlerts: 0,
    recall: 0,
    precision: null,
    alertsPerDay: 0,
    falseAlertsPerDay: 0,
    meanTimeToDetectMs: null,
    flapping: 0,
    perIncident: [],
  };
  return { threshold, forMs: 0, intervals: [], score: { ...base, ...score } };
}

describe('bestThreshold', () => {
  const rows = [
    row(1, { recall: 1, falseAlertsPerDay: 1, meanTimeToDetectMs: 0, alerts: 9 }), // 7 a week
    row(2, { recall: 1, falseAlertsPerDay: 2 / 7, meanTimeToDetectMs: 300, alerts: 5 }),
    row(3, { recall: 1, falseAlertsPerDay: 0, meanTimeToDetectMs: 300, alerts: 3 }),
    row(4, { recall: 1, falseAlertsPerDay: 0, meanTimeToDetectMs: 600, alerts: 2 }),
    row(5, { recall: 0.5, falseAlertsPerDay: 0, meanTimeToDetectMs: 0, alerts: 1, precision: 1 }),
  ];

  it('maximizes recall within the false-alert budget, then earliest detection, then fewest alerts', () => {
    expect(bestThreshold(rows, { maximize: 'recall', maxFalseAlertsPerWeek: 2 })?.threshold).toBe(
      3,
    );
    expect(bestThreshold(rows, { maximize: 'recall' })?.threshold).toBe(1);
  });

  it('maximizes precision, null precision counting lowest', () => {
    expect(bestThreshold(rows, { maximize: 'precision' })?.threshold).toBe(5);
    expect(bestThreshold(rows, { maximize: 'precision', minRecall: 0.9 })?.threshold).toBe(1);
  });

  it('returns null when no row meets the limits', () => {
    expect(bestThreshold(rows, { maximize: 'recall', minRecall: 1.5 })).toBeNull();
  });
});
