import { describe, expect, it } from 'vitest';
import type { Series } from '../contract.ts';
import { evaluateThreshold, evaluateThresholdAll } from './threshold-rule.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;
const at = (k: number): number => T0 + k * M;

/** A series with one sample per minute from T0. */
function minutes(values: number[], label = 's'): Series {
  return {
    label,
    times: Float64Array.from(values, (_, k) => at(k)),
    values: Float64Array.from(values),
  };
}

const every = { intervalMs: M };

describe('evaluateThreshold (Prometheus alerting rule semantics)', () => {
  it('for = 0 fires at the first true evaluation and resolves at the first false one', () => {
    const s = minutes([0, 0, 5, 5, 0, 0]);
    expect(evaluateThreshold(s, { op: '>', threshold: 1, forMs: 0 }, every)).toEqual([
      { series: 's', start: at(2), end: at(4) },
    ]);
  });

  it('fires exactly when evalTime − activeAt reaches for, not one evaluation before', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 3 * M };
    // true at minutes 1..3: activeAt = 1, the last true evaluation is only 2 minutes later
    expect(evaluateThreshold(minutes([0, 5, 5, 5, 0, 0]), rule, every)).toEqual([]);
    // true at minutes 1..4: 4 − 1 = 3 minutes ≥ for → fires at minute 4
    expect(evaluateThreshold(minutes([0, 5, 5, 5, 5, 0]), rule, every)).toEqual([
      { series: 's', start: at(4), end: at(5) },
    ]);
  });

  it('one false evaluation while pending resets the wait', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 3 * M };
    // pending from 0, reset at 3, pending again from 4, fires at 7 and is still firing at the end
    const s = minutes([5, 5, 5, 0, 5, 5, 5, 5]);
    expect(evaluateThreshold(s, rule, every)).toEqual([{ series: 's', start: at(7), end: null }]);
  });

  it('a NaN sample or a missing sample is an absent series and resets pending', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 3 * M };
    const expected = [{ series: 's', start: at(7), end: null }];
    expect(evaluateThreshold(minutes([5, 5, 5, NaN, 5, 5, 5, 5]), rule, every)).toEqual(expected);
    const gap: Series = {
      label: 's',
      times: Float64Array.from([0, 1, 2, 4, 5, 6, 7], at),
      values: Float64Array.from([5, 5, 5, 5, 5, 5, 5]),
    };
    expect(evaluateThreshold(gap, rule, every)).toEqual(expected);
  });

  it('keep_firing_for keeps firing across a short dip and ends exactly keep_firing_for after the condition became false', () => {
    const s = minutes([5, 5, 0, 5, 0, 0, 0, 0, 0]);
    const rule = { op: '>' as const, threshold: 1, forMs: 0 };
    expect(evaluateThreshold(s, rule, every)).toEqual([
      { series: 's', start: at(0), end: at(2) },
      { series: 's', start: at(3), end: at(4) },
    ]);
    // false from minute 4 on: resolved at 4 + 3 = minute 7; the dip at minute 2 is bridged
    expect(evaluateThreshold(s, { ...rule, keepFiringForMs: 3 * M }, every)).toEqual([
      { series: 's', start: at(0), end: at(7) },
    ]);
  });

  it('keep_firing_for does not keep a pending alert alive', () => {
    const s = minutes([5, 0, 0, 0]);
    const rule = { op: '>' as const, threshold: 1, forMs: 2 * M, keepFiringForMs: 5 * M };
    expect(evaluateThreshold(s, rule, every)).toEqual([]);
  });

  it('an alert still firing at the last evaluation has end null', () => {
    const s = minutes([0, 5, 5]);
    expect(evaluateThreshold(s, { op: '>', threshold: 1, forMs: 0 }, every)).toEqual([
      { series: 's', start: at(1), end: null },
    ]);
  });

  it('applies each comparison operator, equality included only by >= and <=', () => {
    const s = minutes([1, 2, 3]);
    const run = (op: '>' | '>=' | '<' | '<=') =>
      evaluateThreshold(s, { op, threshold: 2, forMs: 0 }, every);
    expect(run('>')).toEqual([{ series: 's', start: at(2), end: null }]);
    expect(run('>=')).toEqual([{ series: 's', start: at(1), end: null }]);
    expect(run('<')).toEqual([{ series: 's', start: at(0), end: at(1) }]);
    expect(run('<=')).toEqual([{ series: 's', start: at(0), end: at(2) }]);
  });

  it('until cuts the evaluations off; past the last sample the series goes absent after one interval', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 0 };
    const s = minutes([0, 5, 5, 5, 0]);
    expect(evaluateThreshold(s, rule, { intervalMs: M, until: at(2) })).toEqual([
      { series: 's', start: at(1), end: null },
    ]);
    // the sample at minute 2 is seen by the evaluation at 2 only: absent at 3, so resolved there
    expect(evaluateThreshold(minutes([0, 5, 5]), rule, { intervalMs: M, until: at(5) })).toEqual([
      { series: 's', start: at(1), end: at(3) },
    ]);
  });

  it('an evaluation sees the latest sample no older than one interval', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 0 };
    // evaluations at 0, 2, 4 minutes see the samples at 0, 2, 4: the spike at minute 1 is skipped
    const s = minutes([0, 5, 0, 0, 5, 5]);
    expect(evaluateThreshold(s, rule, { intervalMs: 2 * M })).toEqual([
      { series: 's', start: at(4), end: null },
    ]);
    // samples 30 s after each minute: the evaluation at minute k sees the sample of k − 1
    const late: Series = {
      label: 's',
      times: Float64Array.from([0, 1, 2, 3], (k) => at(k) + 30_000),
      values: Float64Array.from([0, 5, 0, 0]),
    };
    expect(evaluateThreshold(late, rule, { intervalMs: M, start: at(0), until: at(4) })).toEqual([
      { series: 's', start: at(2), end: at(3) },
    ]);
  });

  it('evaluateThresholdAll keeps one alert per series, labelled by series', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: M };
    const out = evaluateThresholdAll(
      [minutes([5, 5, 0], 'eu'), minutes([0, 5, 5, 5], 'us')],
      rule,
      every,
    );
    expect(out).toEqual([
      { series: 'eu', start: at(1), end: at(2) },
      { series: 'us', start: at(2), end: null },
    ]);
  });

  it('rejects a bad interval, a bad for and unsorted times, naming them', () => {
    const rule = { op: '>' as const, threshold: 1, forMs: 0 };
    expect(() => evaluateThreshold(minutes([1]), rule, { intervalMs: 0 })).toThrow(
      'invalid intervalMs: 0',
    );
    expect(() => evaluateThreshold(minutes([1]), { ...rule, forMs: -1 }, every)).toThrow(
      'invalid forMs: -1',
    );
    const unsorted: Series = {
      label: 'x',
      times: Float64Array.from([2, 1]),
      values: new Float64Array(2),
    };
    expect(() => evaluateThreshold(unsorted, rule, every)).toThrow('invalid series x times[1]');
  });
});
