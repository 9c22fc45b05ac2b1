import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTapedeck, type CliRun } from '../testing/index.ts';

// Issue 8: every line in is accounted for, and the exit code says when results are incomplete.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-accounting-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 5, 8);
const order = (offset: number, payload: string) =>
  JSON.stringify({
    topic: 'orders',
    partition: 0,
    offset,
    tstype: 'create',
    ts: T0 + offset * 60_000,
    broker: 1,
    key: `o-${offset}`,
    payload,
  });
const placed = (offset: number) =>
  order(offset, JSON.stringify({ status: 'PLACED', region: offset % 2 ? 'Pune' : 'Dubai' }));

/**
 * 14 lines = 9 records + 3 malformed + 2 blank. Records: lines 1, 2, 4, 5 (its payload is not
 * JSON: a record with a raw value, not a malformed line) and 10–14. Malformed: 3 (truncated),
 * 6 (not JSON at all), 9 (no offset). Blank: 7 (empty), 8 (spaces).
 */
const RECORDING = [
  placed(0),
  placed(1),
  '{"topic":"orders","partition":0,',
  placed(2),
  order(3, 'not json at all'),
  'this is not json',
  '',
  '   ',
  '{"topic":"orders","partition":0,"key":"k","payload":null}',
  placed(4),
  placed(5),
  placed(6),
  placed(7),
  placed(8),
];

/** A rule over its series cap (3 region series: Dubai, Pune, and none for the raw record), and a metric on a topic the recording lacks. */
const INCOMPLETE_WORKBOOK = `name: incomplete
options:
  max_series_per_rule: 1
metrics:
  - { id: orders-per-region, title: Orders per region, unit: orders, kind: count, topic: orders, by: region, window: 1m }
  - { id: payments, title: Payments, unit: payments, kind: count, topic: payments, window: 1m }
alerts:
  - { id: many-orders, title: Many orders, kind: threshold, metric: orders-per-region, op: '>', value: 5 }
`;

const COMPLETE_WORKBOOK = `name: complete
metrics:
  - { id: orders-per-region, title: Orders per region, unit: orders, kind: count, topic: orders, by: region, window: 1m }
alerts:
  - { id: many-orders, title: Many orders, kind: threshold, metric: orders-per-region, op: '>', value: 5 }
`;

/**
 * 6 lines = 4 records + 2 left out: line 4 repeats line 2's offset (left out), line 5 is stamped
 * in the year 3000 (left out); line 6's payload is not valid UTF-8 (a record, counted as a fault).
 */
/** `line` with its `é` written as the lone byte 0xE9 (Latin-1), which is not valid UTF-8. */
function latin1E(line: string): Buffer {
  const bytes = Buffer.from(line, 'utf8');
  const at = bytes.indexOf(Buffer.from('é', 'utf8'));
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at + 2)]);
}

const FAULTY = Buffer.concat([
  Buffer.from([placed(0), placed(1), placed(2), placed(1)].join('\n') + '\n'),
  Buffer.from(JSON.stringify({ ...JSON.parse(placed(3)), ts: Date.UTC(3000, 0, 1) }) + '\n'),
  latin1E(order(4, 'café')),
  Buffer.from('\n'),
]);

const recording = path.join(dir, 'r.ndjson');
const faulty = path.join(dir, 'faulty.ndjson');
const empty = path.join(dir, 'empty.ndjson');
const incomplete = path.join(dir, 'incomplete.yaml');
const complete = path.join(dir, 'complete.yaml');
const series = path.join(dir, 'series.csv');
const onlyOrders = path.join(dir, 'only-orders.csv');

const source = ['--recording', recording, '--workbook', incomplete];
const CASES = {
  table: ['backtest', ...source],
  json: ['backtest', ...source, '--json', '--allow-incomplete'],
  maxMalformed: ['backtest', ...source, '--allow-incomplete', '--max-malformed', '2'],
  complete: ['backtest', '--recording', recording, '--workbook', complete, '--max-malformed', '3'],
  faultyTable: ['backtest', '--recording', faulty, '--workbook', complete],
  faultyJson: ['backtest', '--recording', faulty, '--workbook', complete, '--json'],
  series: ['export', 'series', ...source, '--format', 'csv', '--out', series],
  seriesOnly: [
    ...['export', 'series', ...source, '--format', 'csv', '--out', onlyOrders],
    ...['--metrics', 'orders-per-region'],
  ],
  prometheus: ['export', 'prometheus', ...source, '--out', path.join(dir, 'prom')],
  prometheusAllowed: [
    ...['export', 'prometheus', ...source, '--out', path.join(dir, 'prom-allowed')],
    '--allow-incomplete',
  ],
  noRecords: ['backtest', '--recording', empty],
  badMaxMalformed: [
    'export',
    'series',
    ...source,
    '--format',
    'csv',
    '--out',
    series,
    '--max-malformed',
    '-1',
  ],
} satisfies Record<string, string[]>;

const runs = {} as Record<keyof typeof CASES, CliRun>;

beforeAll(async () => {
  writeFileSync(recording, `${RECORDING.join('\n')}\n`);
  writeFileSync(faulty, FAULTY);
  writeFileSync(empty, '{"topic":"orders",\n\nnope\n{"a":1}\n');
  writeFileSync(incomplete, INCOMPLETE_WORKBOOK);
  writeFileSync(complete, COMPLETE_WORKBOOK);
  // Two at a time: each run starts its own engine.
  const queue = Object.entries(CASES) as [keyof typeof CASES, string[]][];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift())
      runs[next[0]] = await runTapedeck(next[1]);
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

const IDENTITY = 'Input: 14 lines read = 9 records + 3 malformed + 2 blank';
const MALFORMED_TEXT = [
  'Malformed lines:',
  expect.stringMatching(/^ {2}line 3: not JSON: /),
  expect.stringMatching(/^ {2}line 6: not JSON: /),
  '  line 9: offset: missing',
];

/** The lines of `text` from the one equal to `first`, as many as `expected` has. */
function linesFrom(text: string, first: string, count: number): string[] {
  const lines = text.split('\n');
  const at = lines.indexOf(first);
  return at === -1 ? [] : lines.slice(at, at + count);
}

describe('tapedeck backtest accounts for every line of the recording', () => {
  it('the table: lines read = records + malformed + blank, each malformed line with its number and reason', () => {
    const { stdout } = runs.table;
    expect(linesFrom(stdout, IDENTITY, 5)).toEqual([IDENTITY, ...MALFORMED_TEXT]);
  });

  it('--json: lines, records, malformedLines, blankLines add up, and every malformed line is listed', () => {
    const report = JSON.parse(runs.json.stdout);
    expect(report).toMatchObject({ lines: 14, records: 9, malformedLines: 3, blankLines: 2 });
    expect(report.lines).toBe(report.records + report.malformedLines + report.blankLines);
    expect(report.malformed).toEqual([
      { line: 3, reason: expect.stringMatching(/^not JSON: /) },
      { line: 6, reason: expect.stringMatching(/^not JSON: /) },
      { line: 9, reason: 'offset: missing' },
    ]);
  });

  it('records left out (a repeated offset, an outlier timestamp) are accounted for and listed with the other record faults', () => {
    const { code, stdout } = runs.faultyTable;
    expect(code).toBe(0);
    const identity = 'Input: 6 lines read = 4 records + 2 left out + 0 malformed + 0 blank';
    expect(linesFrom(stdout, identity, 5)).toEqual([
      identity,
      'Record faults:',
      expect.stringMatching(/^ {2}line 4: duplicate of line 2\b/),
      expect.stringMatching(
        /^ {2}line 5: ts 32503680000000 \(3000-01-01T00:00:00\.000Z\) is after 2200/,
      ),
      expect.stringMatching(/^ {2}line 6: .*UTF-8/),
    ]);
    const report = JSON.parse(runs.faultyJson.stdout);
    expect(report).toMatchObject({ lines: 6, records: 4, excludedRecords: 2, faultCount: 3 });
    expect(report.lines).toBe(
      report.records + report.excludedRecords + report.malformedLines + report.blankLines,
    );
    expect(report.faults.map((f: { line: number; kind: string }) => [f.line, f.kind])).toEqual([
      [4, 'duplicate'],
      [5, 'outlier'],
      [6, 'invalid-utf8'],
    ]);
  });

  it('a recording without records: exit 1, naming the lines read, the malformed lines and their reasons', () => {
    const { code, stderr } = runs.noRecords;
    expect(code).toBe(1);
    expect(stderr).toContain(
      `tapedeck: recording ${empty} has no records: 4 lines read = 0 records + 3 malformed + 1 blank\n` +
        '  line 1: not JSON: ',
    );
    expect(stderr).toContain('  line 3: not JSON: ');
    expect(stderr).toContain('  line 4: topic: missing');
  });
});

describe('tapedeck backtest exits 3 when a rule or metric could not be computed', () => {
  it('a rule over its max_series and a metric on a missing topic: exit 3, both named with the reason', () => {
    const { code, stderr } = runs.table;
    expect(code).toBe(3);
    expect(stderr).toContain(
      'tapedeck: incomplete results (exit 3; --allow-incomplete accepts them):',
    );
    expect(stderr).toContain('  metric payments: no topic "payments" in this source');
    expect(stderr).toMatch(
      / {2}rule many-orders: metric "orders-per-region" has 3 series, more than this rule's limit of 1/,
    );
  });

  it('--allow-incomplete: exit 0, the problems still printed and listed in --json', () => {
    const { code, stderr, stdout } = runs.json;
    expect(code).toBe(0);
    expect(stderr).toContain('incomplete results (allowed by --allow-incomplete)');
    expect(JSON.parse(stdout).incomplete).toEqual([
      { kind: 'metric', id: 'payments', reason: 'no topic "payments" in this source' },
      { kind: 'rule', id: 'many-orders', reason: expect.stringContaining('has 3 series') },
    ]);
  });

  it('--max-malformed 2 with 3 malformed lines: exit 4, even with --allow-incomplete', () => {
    const { code, stderr } = runs.maxMalformed;
    expect(code).toBe(4);
    expect(stderr).toContain(
      'tapedeck: 3 malformed lines, more than --max-malformed 2:\n  line 3: ',
    );
  });

  it('malformed lines alone do not fail: a complete workbook exits 0 and still reports them', () => {
    const { code, stdout, stderr } = runs.complete;
    expect(code, stderr).toBe(0);
    expect(linesFrom(stdout, IDENTITY, 5)).toEqual([IDENTITY, ...MALFORMED_TEXT]);
    expect(stderr).not.toContain('incomplete');
  });
});

describe('tapedeck export accounts for every line and exits 3 when incomplete', () => {
  it('series: the accounting printed, the file written, exit 3 naming the metric not computed', () => {
    const { code, stdout, stderr } = runs.series;
    expect(code).toBe(3);
    expect(linesFrom(stdout, IDENTITY, 5)).toEqual([IDENTITY, ...MALFORMED_TEXT]);
    expect(stdout).toContain(`wrote ${series} (csv, 1 metrics, `);
    expect(existsSync(series)).toBe(true);
    expect(stderr).toContain('  metric payments: no topic "payments" in this source');
    // The series export evaluates no rules: the rule over its cap does not concern it.
    expect(stderr).not.toContain('many-orders');
  });

  it('series --metrics: only the metrics asked for count, so exit 0', () => {
    const { code, stdout, stderr } = runs.seriesOnly;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(IDENTITY);
    expect(readFileSync(onlyOrders, 'utf8')).toContain('orders-per-region');
  });

  it('prometheus: exit 3 naming the rule over its cap; with --allow-incomplete exit 0, same files', () => {
    const { code, stdout, stderr } = runs.prometheus;
    expect(code).toBe(3);
    expect(stdout).toContain(IDENTITY);
    expect(stdout).toContain('skipped many-orders: ');
    expect(stderr).toMatch(/ {2}rule many-orders: metric "orders-per-region" has 3 series/);
    expect(stderr).toContain('  metric payments: ');
    const allowed = runs.prometheusAllowed;
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('incomplete results (allowed by --allow-incomplete)');
    expect(readFileSync(path.join(dir, 'prom-allowed', 'rules.yml'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'prom', 'rules.yml'), 'utf8'),
    );
  });

  it('a bad --max-malformed is a usage error naming the option', () => {
    const { code, stderr } = runs.badMaxMalformed;
    expect(code).toBe(1);
    expect(stderr).toContain("option '--max-malformed <n>' argument '-1' is invalid");
  });
});
