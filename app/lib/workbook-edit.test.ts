import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/index.ts';
import {
  addAlertRule,
  addMetric,
  addSqlMetric,
  entryLines,
  freeId,
  issuePosition,
  saveFilter,
  setIncidents,
  setThresholdRule,
  type MetricDraft,
} from './workbook-edit.ts';

const WORKBOOK = `# Payments, by hand.
name: payments # the team's
metrics:
  # captured payments
  - id: captured
    title: Captured payments
    description: >-
      Payments with status CAPTURED, a long line folded by the author where they chose to fold
      it, which a re-stringified document would fold elsewhere.
    kind: count
    topic: payments
    filter: status = 'CAPTURED'
    window: 1m

  - { id: declined, kind: count, topic: payments, window: 1m }

alerts:
  - id: few-captured
    kind: threshold
    metric: captured
    op: '<'
    value: 1 # one a minute
    for: 5m

# labels drawn in the lab
incidents: []
`;

const DECLINED_BY_METHOD: MetricDraft = {
  id: 'declined-by-method',
  title: 'Declined by method',
  unit: 'payments',
  topic: 'payments',
  fn: 'count',
  field: null,
  q: null,
  filter: "status = 'DECLINED'",
  by: ['method'],
  sizeMs: 300_000,
  hopMs: 60_000,
};

describe('workbook edits keep the rest of the text as written', () => {
  it('addMetric appends the metric after the last one, with the blank line the list uses, comments and folding untouched', () => {
    const out = addMetric(WORKBOOK, DECLINED_BY_METHOD);
    expect(out).toBe(
      WORKBOOK.replace(
        '  - { id: declined, kind: count, topic: payments, window: 1m }\n',
        `  - { id: declined, kind: count, topic: payments, window: 1m }

  - id: declined-by-method
    title: Declined by method
    unit: payments
    kind: count
    topic: payments
    filter: status = 'DECLINED'
    by: method
    window: { size: 5m, hop: 1m }
`,
      ),
    );
    expect(parseWorkbook(out, 'x').metrics.map((m) => m.id)).toEqual([
      'captured',
      'declined',
      'declined-by-method',
    ]);
  });

  it('addMetric writes a quantile with its field and q, several group-by fields as a list, and a tumbling window as one duration', () => {
    const out = addMetric('name: w\n', {
      ...DECLINED_BY_METHOD,
      id: 'amount-p90',
      title: 'Amount p90',
      unit: 'EUR',
      fn: 'quantile',
      field: 'amount',
      q: 0.9,
      filter: '',
      by: ['method', 'currency'],
      hopMs: null,
    });
    expect(out).toBe(`name: w

metrics:
  - id: amount-p90
    title: Amount p90
    unit: EUR
    kind: quantile
    topic: payments
    field: amount
    q: 0.9
    by: [ method, currency ]
    window: 5m
`);
    expect(parseWorkbook(out, 'x').metrics[0]).toMatchObject({ fn: 'quantile', q: 0.9 });
  });

  it('addMetric refuses a sum without a field, naming the metric', () => {
    expect(() => addMetric(WORKBOOK, { ...DECLINED_BY_METHOD, fn: 'sum' })).toThrow(
      'metric "declined-by-method": sum needs a field',
    );
  });

  it('addAlertRule appends a threshold rule to alerts, quoting the comparison', () => {
    const out = addAlertRule(WORKBOOK, {
      id: 'declines-high',
      title: 'Declines above 5 a minute',
      metric: 'declined',
      op: '>',
      value: 5,
      forMs: 120_000,
    });
    expect(out).toBe(
      WORKBOOK.replace(
        '    for: 5m\n',
        `    for: 5m
  - id: declines-high
    title: Declines above 5 a minute
    kind: threshold
    metric: declined
    op: '>'
    value: 5
    for: 2m
`,
      ),
    );
    expect(parseWorkbook(out, 'x').alerts.map((a) => a.id)).toEqual([
      'few-captured',
      'declines-high',
    ]);
  });

  it('addAlertRule creates alerts at the end when the workbook has none', () => {
    const text = 'name: w\nmetrics:\n  - { id: m, kind: count, topic: t, window: 1m }\n';
    expect(addAlertRule(text, { id: 'r', title: 'R', metric: 'm', op: '>=', value: 2.5, forMs: 0 }))
      .toBe(`${text}
alerts:
  - id: r
    title: R
    kind: threshold
    metric: m
    op: '>='
    value: 2.5
`);
  });

  it('setThresholdRule rewrites only the changed values in place, keeping their comments, and adds keys the rule lacks', () => {
    const out = setThresholdRule(WORKBOOK, 'few-captured', {
      op: '<=',
      threshold: 3,
      forMs: 90_000,
      keepFiringForMs: 60_000,
    });
    expect(out).toBe(
      WORKBOOK.replace(
        `    op: '<'
    value: 1 # one a minute
    for: 5m
`,
        `    op: '<='
    value: 3 # one a minute
    for: 90s
    keep_firing_for: 1m
`,
      ),
    );
    // The same values again change nothing; a for of 0 on a rule without the key adds none.
    expect(
      setThresholdRule(out, 'few-captured', {
        op: '<=',
        threshold: 3,
        forMs: 90_000,
        keepFiringForMs: 60_000,
      }),
    ).toBe(out);
    expect(setThresholdRule(WORKBOOK, 'few-captured', { op: '<', threshold: 1, forMs: 0 })).toBe(
      WORKBOOK.replace('    for: 5m\n', '    for: 0s\n'),
    );
  });

  it('setThresholdRule edits a rule written as a flow mapping', () => {
    const text = "alerts:\n  - { id: r, kind: threshold, metric: m, op: '>', value: 1 }\n";
    expect(setThresholdRule(text, 'r', { op: '>', threshold: 7, forMs: 60_000 })).toBe(
      "alerts:\n  - { id: r, kind: threshold, metric: m, op: '>', value: 7, for: 1m }\n",
    );
  });

  it('setThresholdRule names an unknown rule and a YAML error', () => {
    expect(() => setThresholdRule(WORKBOOK, 'nope', { op: '>', threshold: 1, forMs: 0 })).toThrow(
      'alerts: no entry with id "nope"',
    );
    expect(() => setThresholdRule('alerts: [\n', 'r', { op: '>', threshold: 1, forMs: 0 })).toThrow(
      /YAML error at line 2/,
    );
  });

  it('setIncidents replaces the labels list and leaves the comment above it', () => {
    const out = setIncidents(WORKBOOK, [
      {
        id: 'declines-9am',
        kind: 'declines',
        start: Date.parse('2026-03-02T09:22:00Z'),
        end: Date.parse('2026-03-02T09:27:00Z'),
        scope: { method: 'card' },
        description: '',
      },
    ]);
    expect(out).toBe(
      WORKBOOK.replace(
        'incidents: []\n',
        `incidents:
  - id: declines-9am
    kind: declines
    start: 2026-03-02T09:22:00.000Z
    end: 2026-03-02T09:27:00.000Z
    scope: { method: card }
`,
      ),
    );
    expect(parseWorkbook(out, 'x').incidents[0]).toMatchObject({
      start: Date.parse('2026-03-02T09:22:00Z'),
      scope: { method: 'card' },
    });
    expect(setIncidents(out, [])).toBe(WORKBOOK);
    expect(setIncidents(WORKBOOK, [])).toBe(WORKBOOK);
  });

  it('addSqlMetric writes the query as a block after the window', () => {
    const sql =
      'SELECT time_bucket(...) AS window_start, count(*) AS value\nFROM payments GROUP BY 1';
    const out = addSqlMetric('name: w\nmetrics: []\n', {
      id: 'q',
      title: 'Q',
      unit: '',
      sql,
      sizeMs: 60_000,
    });
    expect(out).toBe(`name: w
metrics:
  - id: q
    title: Q
    kind: sql
    window: 1m
    sql: |-
      SELECT time_bucket(...) AS window_start, count(*) AS value
      FROM payments GROUP BY 1
`);
  });

  it('freeId makes an id from a title and skips those taken', () => {
    expect(freeId(['a'], 'declined by method')).toBe('declined-by-method');
    expect(freeId(['m', 'm-2'], 'm')).toBe('m-3');
  });

  it('entryLines finds a block entry by id and spans its lines', () => {
    const out = addMetric(WORKBOOK, DECLINED_BY_METHOD);
    expect(entryLines(out, 'declined-by-method')).toEqual({ line: 17, count: 8 });
    expect(entryLines(out, 'captured')).toEqual({ line: 5, count: 9 });
    expect(entryLines(out, 'declined')).toBeNull();
  });

  it('issuePosition takes the column the YAML parser names, else where the key begins', () => {
    expect(
      issuePosition(WORKBOOK, {
        line: 4,
        message: 'Nested mappings are not allowed in compact mappings at line 4, column 9',
      }),
    ).toEqual({ line: 4, column: 9 });
    // A field on line 11 (`    topic: payments`): its key begins at column 5.
    expect(issuePosition(WORKBOOK, { line: 11, message: 'invalid SQL expression' })).toEqual({
      line: 11,
      column: 5,
    });
    // metrics[0] on line 5 (`  - id: captured`): past the dash, at `id`.
    expect(issuePosition(WORKBOOK, { line: 5, message: 'x' })).toEqual({ line: 5, column: 5 });
    expect(issuePosition(WORKBOOK, { line: null, message: 'x' })).toBeNull();
  });
  it('saveFilter appends an events filter under filters:, then replaces the one of the same name', () => {
    const once = saveFilter(WORKBOOK, {
      name: 'pos only',
      topic: 'payments',
      text: '  ',
      where: ["header(_headers, 'source') = 'pos'", ' '],
    });
    expect(once.startsWith(WORKBOOK.trimEnd())).toBe(true);
    // Conditions one a line (long text), not a flow list.
    expect(once).toContain("    where:\n      - header(_headers, 'source') = 'pos'\n");
    expect(parseWorkbook(once, 'w').filters).toEqual([
      {
        name: 'pos only',
        topic: 'payments',
        text: null,
        where: ["header(_headers, 'source') = 'pos'"],
      },
    ]);
    const twice = saveFilter(
      saveFilter(once, { name: 'ooo', topic: null, text: 'x', where: ['_ooo'] }),
      {
        name: 'pos only',
        topic: null,
        text: null,
        where: ['_tombstone'],
      },
    );
    expect(parseWorkbook(twice, 'w').filters).toEqual([
      { name: 'pos only', topic: null, text: null, where: ['_tombstone'] },
      { name: 'ooo', topic: null, text: 'x', where: ['_ooo'] },
    ]);
    expect(twice).toContain('# captured payments');
    expect(() => saveFilter(WORKBOOK, { name: ' ', topic: null, text: null, where: [] })).toThrow(
      'filters: give the filter a name',
    );
  });
});
