import { describe, expect, it } from 'vitest';
import type { InputAccounting } from '../alerts-as-code/input-accounting.ts';
import { sweepOutcome } from './run-sweep.ts';
import {
  goalText,
  parseForValues,
  parseGoal,
  parseParamSpec,
  parseSweepValues,
  seriesSpanOptions,
} from './sweep-options.ts';
import { num } from './sweep-table.ts';
import { sweepRule } from './sweep-sources.ts';
import { KITCHEN_WORKBOOK, parseWorkbook } from '../../engine/node.ts';

describe('parseSweepValues', () => {
  it('reads from:to:steps as evenly spaced values, both ends included', () => {
    expect(parseSweepValues('0:0.5:6')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(parseSweepValues('2:2:5')).toEqual([2]);
  });

  it('reads a comma list, ascending without duplicates', () => {
    expect(parseSweepValues('0.2, 0.05,0.1,0.2')).toEqual([0.05, 0.1, 0.2]);
    expect(parseSweepValues('-1')).toEqual([-1]);
  });

  it('names the bad part and the forms accepted', () => {
    expect(() => parseSweepValues('0:x:5')).toThrow(/"x" is not a number; expected from:to:steps/);
    expect(() => parseSweepValues('0:1:1')).toThrow(/steps 1: expected a whole number from 2/);
    expect(() => parseSweepValues('1:0:5')).toThrow(/to 0 is below from 1/);
    expect(() => parseSweepValues('0:1')).toThrow(/expected from:to:steps/);
    expect(() => parseSweepValues('0.1,,0.2')).toThrow(/"" is not a number/);
  });
});

describe('parseForValues', () => {
  it('reads durations, 0 included, ascending without duplicates', () => {
    expect(parseForValues('3m,0,90s,3m')).toEqual([0, 90_000, 180_000]);
  });

  it('names the bad duration', () => {
    expect(() => parseForValues('1m,soon')).toThrow(/invalid duration "soon"/);
  });
});

describe('parseGoal and goalText', () => {
  it('reads what to maximize and the limits', () => {
    expect(parseGoal('recall,max-false-per-week=1')).toEqual({
      maximize: 'recall',
      maxFalseAlertsPerWeek: 1,
    });
    expect(parseGoal('precision, min-recall=0.5, min-precision=0.9')).toEqual({
      maximize: 'precision',
      minRecall: 0.5,
      minPrecision: 0.9,
    });
    expect(goalText(parseGoal('recall,max-false-per-week=2,min-precision=0.5'))).toBe(
      'highest recall with ≤ 2 false alerts/week, precision ≥ 0.5',
    );
    expect(goalText({ maximize: 'precision' })).toBe('highest precision');
  });

  it('names the bad part', () => {
    expect(() => parseGoal('speed')).toThrow(/"speed": expected recall or precision/);
    expect(() => parseGoal('recall,max-false=1')).toThrow(/"max-false=1": expected/);
    expect(() => parseGoal('recall,min-recall=-1')).toThrow(/min-recall must be a number ≥ 0/);
    expect(() => parseGoal('recall,min-recall=')).toThrow(/"min-recall=": expected/);
  });
});

describe('num', () => {
  it('shows at most 4 significant digits', () => {
    expect([num(0.10738255033557047), num(0), num(1234567), num(-0.5)]).toEqual([
      '0.1074',
      '0',
      '1235000',
      '-0.5',
    ]);
  });
});

describe('sweepOutcome', () => {
  const accounting = (malformedLines: number): InputAccounting => ({
    lines: 10 + malformedLines,
    records: 10,
    malformedLines,
    blankLines: 0,
    malformed: [],
    excludedRecords: 0,
    faults: [],
    faultCount: 0,
  });
  const metricMissing = [{ kind: 'metric' as const, id: 'm', reason: 'no such topic' }];

  it('exits 0 when every recording is complete', () => {
    const got = sweepOutcome([{ recording: 'a', accounting: accounting(0), incomplete: [] }], {});
    expect(got).toEqual({ exitCode: 0, messages: [] });
  });

  it('exits 3 for a recording left out, naming it, unless incomplete results are allowed', () => {
    const sources = [
      { recording: 'a', accounting: accounting(0), incomplete: [] },
      { recording: 'b', accounting: accounting(0), incomplete: metricMissing },
    ];
    const got = sweepOutcome(sources, {});
    expect(got.exitCode).toBe(3);
    expect(got.messages).toEqual([
      expect.stringMatching(/^b: incomplete results .*metric m: no such topic/s),
    ]);
    expect(sweepOutcome(sources, { allowIncomplete: true }).exitCode).toBe(0);
  });

  it('exits 4 when any recording has more malformed lines than allowed, before 3', () => {
    const sources = [
      { recording: 'a', accounting: accounting(5), incomplete: [] },
      { recording: 'b', accounting: accounting(0), incomplete: metricMissing },
    ];
    expect(sweepOutcome(sources, { maxMalformed: 4 }).exitCode).toBe(4);
    expect(sweepOutcome(sources, { maxMalformed: 5 }).exitCode).toBe(3);
  });
});

describe('sweepRule', () => {
  const wb = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);

  it('finds a threshold rule and its metric', () => {
    const { rule, metric } = sweepRule(wb, 'kitchen.yaml', 'rejection-ratio-high');
    expect([rule.id, metric?.id]).toEqual(['rejection-ratio-high', 'rejection-ratio']);
  });

  it('names an unknown rule with the threshold rules there are, and refuses other kinds', () => {
    expect(() => sweepRule(wb, 'kitchen.yaml', 'nope')).toThrow(
      /invalid --rule nope: workbook kitchen.yaml has no such rule \(threshold rules: orders-stalled, rejections-high, rejection-ratio-high/,
    );
    expect(() => sweepRule(wb, 'kitchen.yaml', 'orders-drop')).toThrow(
      /invalid --rule orders-drop: its kind is anomaly; sweep its parameters with --param/,
    );
    expect(() => sweepRule(wb, 'kitchen.yaml', 'cluster-burn')).toThrow(
      /its kind is burn_rate; search its pairs' factors with --param/,
    );
  });

  it('with --param takes anomaly and burn-rate rules too, a burn-rate rule with its SLI', () => {
    expect(sweepRule(wb, 'kitchen.yaml', 'orders-drop', true).rule.kind).toBe('anomaly');
    const burn = sweepRule(wb, 'kitchen.yaml', 'cluster-burn', true);
    expect([burn.metric, burn.sli?.id]).toEqual([null, 'cluster-availability']);
    expect(() => sweepRule(wb, 'kitchen.yaml', 'nope', true)).toThrow(
      /\(threshold, anomaly and burn-rate rules: .*orders-drop.*cluster-burn/,
    );
  });
});

describe('parseParamSpec', () => {
  it('reads FROM:TO:STEP and lists, durations in ms, ascending without repeats', () => {
    expect(parseParamSpec('k=2:3:0.25')).toEqual({ name: 'k', values: [2, 2.25, 2.5, 2.75, 3] });
    expect(parseParamSpec('min_relative_deviation=0:0.3:0.1').values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseParamSpec('window=2h,30m,1h,30m')).toEqual({
      name: 'window',
      values: [1_800_000, 3_600_000, 7_200_000],
    });
    expect(parseParamSpec('for=0:10m:5m').values).toEqual([0, 300_000, 600_000]);
  });

  it('names the parameter and the reason when it does not read', () => {
    expect(() => parseParamSpec('depth=1')).toThrow(
      /unknown parameter "depth" \(one of value, for/,
    );
    expect(() => parseParamSpec('k')).toThrow(/expected NAME=FROM:TO:STEP/);
    expect(() => parseParamSpec('k=3:2:1')).toThrow('k: to is below from');
    expect(() => parseParamSpec('k=1:2:0')).toThrow('k: step must be above 0');
    expect(() => parseParamSpec('k=a,2')).toThrow('k: "a" is not a number');
    expect(() => parseParamSpec('window=soon')).toThrow(/^window: /);
  });
});

describe('seriesSpanOptions', () => {
  const files = ['a.csv', 'b.parquet'];
  const noon = Date.parse('2026-01-05T12:00:00Z');

  it('gives every series file the one --start and --at, an --at +offset counted from the start', () => {
    const spans = seriesSpanOptions(files, ['2026-01-05T12:00:00Z'], ['+90m']);
    expect(spans.get('a.csv')).toEqual({ start: noon, at: { afterStartMs: 90 * 60_000 } });
    expect(spans.get('b.parquet')).toEqual({ start: noon, at: { afterStartMs: 90 * 60_000 } });
  });

  it('gives each series file its own when repeated once per file, in order', () => {
    const spans = seriesSpanOptions(files, undefined, [String(noon), '2026-01-05T14:00:00+02:00']);
    expect(spans.get('a.csv')).toEqual({ at: noon });
    expect(spans.get('b.parquet')).toEqual({ at: noon });
    expect(seriesSpanOptions(files).size).toBe(0);
  });

  it('refuses a count that fits neither, a span without series files, and bad times, naming the option', () => {
    expect(() => seriesSpanOptions(['a.csv'], ['1', '2'])).toThrow(
      'invalid --start: given 2 times for 1 series files',
    );
    expect(() => seriesSpanOptions([], undefined, ['+1h'])).toThrow(
      '--at applies to --series and --holdout-series files only',
    );
    expect(() => seriesSpanOptions(files, ['yesterday'])).toThrow('invalid --start: yesterday');
    expect(() => seriesSpanOptions(files, undefined, ['+soon'])).toThrow('invalid --at +soon');
    expect(() => seriesSpanOptions(files, undefined, ['2026-01-05T12:00:00'])).toThrow(
      'invalid --at: 2026-01-05T12:00:00 (want an ISO time with a zone',
    );
  });
});
