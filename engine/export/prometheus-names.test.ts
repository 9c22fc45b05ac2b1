import { describe, expect, it } from 'vitest';
import {
  comparisonExpr,
  prometheusAlertName,
  prometheusDuration,
  prometheusLabelName,
  prometheusMetricName,
  prometheusNumber,
  seriesSelector,
} from './prometheus-names.ts';
import { seriesNotation } from './series-notation.ts';

describe('Prometheus names', () => {
  it('a metric id becomes a tapedeck: recording-rule name with invalid characters as _', () => {
    expect(prometheusMetricName('rejection-ratio')).toBe('tapedeck:rejection_ratio');
    expect(prometheusMetricName('p95.latency ms')).toBe('tapedeck:p95_latency_ms');
  });

  it('label names are valid and never start with a digit or the reserved __', () => {
    expect(prometheusLabelName('region')).toBe('region');
    expect(prometheusLabelName('restaurant-id')).toBe('restaurant_id');
    expect(prometheusLabelName('9lives')).toBe('d9lives');
    expect(prometheusLabelName('__name__')).toBe('d__name__');
  });

  it('an alert name is the CamelCase of the rule id', () => {
    expect(prometheusAlertName('rejection-ratio-high')).toBe('RejectionRatioHigh');
    expect(prometheusAlertName('5xx burn')).toBe('Alert5xxBurn');
    expect(() => prometheusAlertName('--')).toThrow(/rule id/);
  });

  it('durations use combined units and 0s for zero', () => {
    expect(prometheusDuration(0)).toBe('0s');
    expect(prometheusDuration(180_000)).toBe('3m');
    expect(prometheusDuration(5_400_000)).toBe('1h30m');
    expect(prometheusDuration(90_061_500)).toBe('1d1h1m1s500ms');
    expect(() => prometheusDuration(1.5)).toThrow(/invalid duration: 1.5/);
  });

  it('numbers are shortest round-trip decimals, infinities Inf/-Inf, NaN refused', () => {
    expect(prometheusNumber(0.1)).toBe('0.1');
    expect(prometheusNumber(1e-7)).toBe('1e-7');
    expect(prometheusNumber(-Infinity)).toBe('-Inf');
    expect(() => prometheusNumber(NaN)).toThrow(/NaN/);
  });

  it('selectors sort their labels and escape quotes and backslashes', () => {
    expect(seriesSelector('m', {})).toBe('m');
    expect(seriesSelector('m', { z: 'a', b: 'Du"b\\ai' })).toBe('m{b="Du\\"b\\\\ai", z="a"}');
    expect(comparisonExpr('m', '<=', -2)).toBe('m <= -2');
    expect(() => comparisonExpr('m', '==' as '>', 1)).toThrow(/invalid op: ==/);
  });
});

describe('seriesNotation (promtool input series)', () => {
  it('writes NaN as stale, compresses runs of 3+ equal finite values as vxn (n + 1 samples)', () => {
    const values = [1, 1, 1, NaN, NaN, 2, 2, Infinity, Infinity, Infinity, -1, -1, -1, -1, 0.5];
    expect(seriesNotation(values)).toBe('1x2 stale stale 2 2 Inf Inf Inf -1x3 0.5');
  });

  it('an empty series is an empty string', () => {
    expect(seriesNotation([])).toBe('');
  });
});
