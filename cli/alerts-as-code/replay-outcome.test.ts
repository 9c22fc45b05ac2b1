import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/node.ts';
import type { InputAccounting } from './input-accounting.ts';
import { EXIT, incompleteItems, replayOutcome } from './replay-outcome.ts';

const accounting: InputAccounting = {
  lines: 14,
  records: 9,
  malformedLines: 3,
  blankLines: 2,
  malformed: [
    { line: 3, reason: 'not JSON: truncated' },
    { line: 6, reason: 'not JSON: bad' },
    { line: 9, reason: 'offset: missing' },
  ],
  excludedRecords: 0,
  faults: [],
  faultCount: 0,
};

const workbook = parseWorkbook(
  `
name: outcome
metrics:
  - { id: orders, title: Orders, unit: orders, kind: count, topic: orders, window: 1m }
slis:
  - { id: up, title: Up, topic: probes, bad: latencyMs > 1000, objective: 99%, period: 1d }
`,
  'outcome.yaml',
);

describe('incompleteItems', () => {
  it('lists lines unaccounted for, then metrics and SLIs not computed, then rules with an error', () => {
    const items = incompleteItems({
      workbook,
      unavailable: [
        { id: 'orders', reason: 'no topic "orders" in this source' },
        { id: 'up', reason: 'its metric is not computed' },
      ],
      rules: [
        { id: 'fine', error: null },
        { id: 'wide', error: 'metric "orders" has 3 series, more than this rule\'s limit of 1' },
      ],
      accounting: { ...accounting, lines: 15 },
    });
    expect(items).toEqual([
      {
        kind: 'input',
        id: 'lines',
        reason: '1 of 15 lines read are neither records, malformed nor blank',
      },
      { kind: 'metric', id: 'orders', reason: 'no topic "orders" in this source' },
      { kind: 'sli', id: 'up', reason: 'its metric is not computed' },
      {
        kind: 'rule',
        id: 'wide',
        reason: 'metric "orders" has 3 series, more than this rule\'s limit of 1',
      },
    ]);
  });

  it('with `only`, just the metrics and SLIs asked for', () => {
    const unavailable = [{ id: 'up', reason: 'x' }];
    expect(incompleteItems({ workbook, unavailable, accounting, only: ['orders'] })).toEqual([]);
    expect(incompleteItems({ workbook, unavailable, accounting, only: ['up'] })).toHaveLength(1);
  });
});

describe('replayOutcome', () => {
  const incomplete = [{ kind: 'rule' as const, id: 'wide', reason: 'too many series' }];

  it('malformed lines alone exit 0: they are reported in the accounting, not as a failure', () => {
    expect(replayOutcome({ accounting, incomplete: [] })).toEqual({ exitCode: 0, messages: [] });
  });

  it('incomplete results exit 3 naming each item and the flag; --allow-incomplete exits 0 and still names them', () => {
    const failed = replayOutcome({ accounting, incomplete });
    expect(failed.exitCode).toBe(EXIT.incomplete);
    expect(failed.messages).toEqual([
      'incomplete results (exit 3; --allow-incomplete accepts them):\n  rule wide: too many series',
    ]);
    const allowed = replayOutcome({ accounting, incomplete, allowIncomplete: true });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.messages).toEqual([
      'incomplete results (allowed by --allow-incomplete):\n  rule wide: too many series',
    ]);
  });

  it('--max-malformed n: more than n malformed lines exit 4, with the first lines; n itself passes', () => {
    expect(replayOutcome({ accounting, incomplete: [], maxMalformed: 3 }).exitCode).toBe(0);
    const over = replayOutcome({ accounting, incomplete: [], maxMalformed: 2 });
    expect(over.exitCode).toBe(EXIT.tooManyMalformed);
    expect(over.messages[0]!.split('\n')).toEqual([
      '3 malformed lines, more than --max-malformed 2:',
      '  line 3: not JSON: truncated',
      '  line 6: not JSON: bad',
      '  line 9: offset: missing',
    ]);
  });

  it('several failures: every message printed, the code the first of 4, 3, 1', () => {
    const recallFailure = 'recall below --min-recall 1: wide 0/1 = 0.00';
    const all = replayOutcome({ accounting, incomplete, maxMalformed: 0, recallFailure });
    expect([all.exitCode, all.messages.length]).toEqual([4, 3]);
    expect(replayOutcome({ accounting, incomplete, recallFailure }).exitCode).toBe(3);
    const allowed = replayOutcome({ accounting, incomplete, allowIncomplete: true, recallFailure });
    expect([allowed.exitCode, allowed.messages.length]).toEqual([1, 2]);
  });
});
