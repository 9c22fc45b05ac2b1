import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kitchenWorkbookModule } from './generate-kitchen-workbook.ts';
import { KITCHEN_WORKBOOK } from './kitchen-workbook.ts';
import { parseWorkbook, WorkbookError } from './parse-workbook.ts';
import { stringifyWorkbook } from './stringify-workbook.ts';
import type { WorkbookIssue } from '../contract.ts';

function issuesOf(text: string): WorkbookIssue[] {
  try {
    parseWorkbook(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof WorkbookError) return err.issues;
    throw err;
  }
  throw new Error('expected a WorkbookError');
}

describe('parseWorkbook', () => {
  it('reads a metric with defaults filled in and durations in ms', () => {
    const wb = parseWorkbook(
      'metrics:\n  - id: m\n    kind: count\n    topic: t\n    window: { size: 5m, hop: 1m }\n',
      'file.yaml',
    );
    expect(wb.name).toBe('file.yaml');
    expect(wb.options).toEqual({ graceMs: 0, maxSeriesPerRule: 100 });
    expect(wb.metrics).toEqual([
      {
        id: 'm',
        title: 'm',
        unit: '',
        description: '',
        kind: 'aggregate',
        missing: 0,
        topic: 't',
        fn: 'count',
        field: null,
        expr: null,
        q: null,
        filter: null,
        by: [],
        label: 'all',
        window: { sizeMs: 300_000, hopMs: 60_000 },
      },
    ]);
  });

  it('reads JSON as well as YAML', () => {
    const wb = parseWorkbook(
      '{"name": "j", "slis": [{"id": "s", "topic": "t", "bad": "x > 0", "objective": "99.5%"}]}',
      'j.json',
    );
    expect(wb.slis[0]).toMatchObject({
      kind: 'minutes',
      objective: 0.995,
      periodMs: 30 * 86_400_000,
    });
  });

  it('reads a percentage objective as the fraction written, without a division error', () => {
    const wb = (objective: string) =>
      parseWorkbook(`slis: [{ id: s, topic: t, bad: x > 0, objective: "${objective}" }]`, 'p.yaml')
        .slis[0]!.objective;
    // 99.9 / 100 is 0.9990000000000001; the budget of 1 − objective would be off in its last digits
    expect([wb('99.9%'), wb('99.95%'), wb('90%'), wb('0.1%')]).toEqual([0.999, 0.9995, 0.9, 0.001]);
  });

  it('names each bad field, its line and the reason', () => {
    const text = [
      'metrics:', //                          1
      '  - id: a', //                         2
      '    kind: count', //                   3
      '    topic: t', //                      4
      '    window: { size: 5x }', //          5
      '  - id: b', //                         6
      '    kind: median', //                  7
      '  - id: c', //                         8
      '    kind: sum', //                     9
      '    topic: t', //                      10
      '    field: v', //                      11
      '    window: 1m', //                    12
      '    colour: red', //                   13
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      {
        path: 'metrics[0].window.size',
        line: 5,
        message:
          'invalid duration "5x": expected a number with a unit, e.g. 500ms, 90s, 30m, 1h30m or 2d (units ms, s, m, h, d, w, y)',
      },
      {
        path: 'metrics[1].kind',
        line: 7,
        message:
          'unknown metric kind "median" (expected one of count, sum, avg, min, max, quantile, count_distinct, ratio, state_duration, latency, sql, trace)',
      },
      { path: 'metrics[2].colour', line: 13, message: 'unknown key "colour"' },
    ]);
  });

  it('says an alert without a kind has none, naming the kinds', () => {
    const text = ['alerts:', '  - id: hot', '    metric: m', '    value: 1'].join('\n');
    expect(issuesOf(text)).toEqual([
      {
        path: 'alerts[0].kind',
        line: 2,
        message: 'alert has no kind (expected one of threshold, burn_rate, anomaly)',
      },
    ]);
  });

  /** A workbook of one count metric and one threshold rule on it, with `extra` lines for the rule. */
  const thresholdRule = (extra: string[]) =>
    [
      'metrics:',
      '  - { id: m, kind: count, topic: t, window: 1m }',
      'alerts:',
      '  - id: r',
      '    kind: threshold',
      '    metric: m',
      "    op: '>'",
      '    value: 1',
      ...extra,
    ].join('\n');

  it('reads scored: false (a rule scored against no incident), and refuses it beside catches', () => {
    const unscored = parseWorkbook(thresholdRule(['    scored: false']), 'ok.yaml');
    expect([unscored.alerts[0]!.scored, unscored.alerts[0]!.catches]).toEqual([false, []]);
    expect(parseWorkbook(stringifyWorkbook(unscored), 'copy.yaml')).toEqual(unscored);
    const scored = parseWorkbook(thresholdRule([]), 'ok.yaml');
    expect([scored.alerts[0]!.scored, scored.alerts[0]!.catches]).toEqual([true, []]);
    expect(scored.alerts[0]!.tolerance).toBeUndefined();
    expect(issuesOf(thresholdRule(['    scored: false', '    catches: outage']))).toEqual([
      {
        path: 'alerts[0].catches',
        line: 10,
        message:
          'a rule with scored: false is scored against no incident: remove catches or scored',
      },
    ]);
  });

  it("reads a rule's own backtest tolerance, keeps it through a round trip and refuses a bad one", () => {
    const late = parseWorkbook(thresholdRule(['    tolerance: { after: 2h }']), 'ok.yaml');
    expect(late.alerts[0]!.tolerance).toEqual({ afterMs: 7_200_000 });
    expect(parseWorkbook(stringifyWorkbook(late), 'copy.yaml')).toEqual(late);
    const both = parseWorkbook(
      thresholdRule(['    tolerance: { before: 0s, after: 90m }']),
      'ok.yaml',
    );
    expect(both.alerts[0]!.tolerance).toEqual({ beforeMs: 0, afterMs: 5_400_000 });
    expect(issuesOf(thresholdRule(['    tolerance: { after: soon }'])).map((i) => i.path)).toEqual([
      'alerts[0].tolerance.after',
    ]);
    expect(issuesOf(thresholdRule(['    tolerance: { later: 2h }'])).map((i) => i.path)).toEqual([
      'alerts[0].tolerance.later',
    ]);
  });

  it('checks references, unique ids, hop sizes and SQL fragments', () => {
    const text = `metrics:
  - id: m
    kind: count
    topic: t
    filter: "x > 0) OR (1 = 1"
    window: 1m
  - id: m
    kind: count
    topic: t
    filter: "a = 1; DROP TABLE t"
    window: { size: 5m, hop: 2m }
alerts:
  - id: r
    kind: threshold
    metric: nope
    op: '>'
    value: 1
charts:
  - title: c
    metrics: [m, gone]
`;
    expect(issuesOf(text)).toEqual([
      {
        path: 'metrics[1].window.hop',
        line: 11,
        message: 'window hop must divide the window size exactly (size 300000 ms, hop 120000 ms)',
      },
    ]);
    const fixed = text.replace('hop: 2m', 'hop: 1m');
    expect(issuesOf(fixed)).toEqual([
      { path: 'metrics[1].id', line: 7, message: 'duplicate id "m" (also metrics[0])' },
      { path: 'alerts[0].metric', line: 15, message: 'no metric "nope" in this workbook' },
      { path: 'charts[0].metrics[1]', line: 20, message: 'no metric or SLI "gone"' },
      {
        path: 'metrics[0].filter',
        line: 5,
        message: 'invalid SQL expression: unbalanced ")" at character 6',
      },
      {
        path: 'metrics[1].filter',
        line: 10,
        message:
          'invalid SQL expression: ";" at character 6: an expression is one statement, without ";"',
      },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('metrics:\n  - id: a\n    kind: [count\n');
    expect(issues[0]).toMatchObject({ path: '(yaml)' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('a value of the wrong type is reported as that value, not as missing', () => {
    const issues = issuesOf(
      'metrics:\n  - { id: m, kind: count, topic: t, window: 1m }\n' +
        "alerts:\n  - { id: r, kind: threshold, metric: m, op: '>', value: high }\n",
    );
    expect(issues).toEqual([
      { path: 'alerts[0].value', line: 4, message: 'expected number, got "high"' },
    ]);
  });

  it('the error message lists every issue', () => {
    expect(() => parseWorkbook('metrics:\n  - id: a\n    kind: sum\n', 'w.yaml')).toThrow(
      'workbook "w.yaml" has 2 problems:\n' +
        '  metrics[0].topic (line 2): missing: this field is required\n' +
        '  metrics[0].window (line 2): missing: this field is required',
    );
  });
});

describe('the kitchen workbook', () => {
  const yaml = readFileSync(new URL('../../workbooks/kitchen.yaml', import.meta.url), 'utf8');

  it('is bundled unchanged (run generate-kitchen-workbook.ts after editing the YAML)', () => {
    expect(KITCHEN_WORKBOOK.text).toBe(yaml);
    expect(readFileSync(new URL('./kitchen-workbook.ts', import.meta.url), 'utf8')).toBe(
      kitchenWorkbookModule(yaml),
    );
  });

  it('parses, and stringifies to YAML that parses back to the same workbook', () => {
    const wb = parseWorkbook(yaml, 'kitchen.yaml');
    expect(wb.name).toBe('kitchen');
    expect(parseWorkbook(stringifyWorkbook(wb), 'copy.yaml')).toEqual(wb);
  });
});
