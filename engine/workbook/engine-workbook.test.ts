import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { KITCHEN_WORKBOOK } from './kitchen-workbook.ts';

const WORKBOOK = `name: engine test
metrics:
  - id: a-count
    kind: count
    topic: a
    window: 1m
  - id: needs-field
    kind: count
    topic: a
    filter: colour = 'red'
    window: 1m
  - id: needs-topic
    kind: count
    topic: b
    window: 1m
incidents:
  - { id: mine, kind: drawn, start: '2026-01-05T00:00:00Z', end: '2026-01-05T00:01:00Z' }
  - { id: shared, kind: corrected, start: '2026-01-05T00:02:00Z', end: '2026-01-05T00:03:00Z' }
events:
  topic: ops
  type: what
  detail: text
`;

const RECORDS = [
  ...recordsOf('a', [
    { at: 0, value: { n: 1 } },
    { at: 30_000, value: { n: 2 } },
  ]),
  ...recordsOf('ops', [
    { at: 20_000, value: { what: 'DEPLOY', text: 'v2' } },
    { at: 10_000, value: { what: 'SCALE_UP' } },
  ]),
];

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('Engine workbook', () => {
  it('starts with the bundled kitchen workbook', async () => {
    expect(await engine.getWorkbook()).toBe(KITCHEN_WORKBOOK.text);
  });

  it('rejects a bad workbook with its issues and keeps the previous one active', async () => {
    const summary = await engine.loadWorkbook(
      'metrics:\n  - id: m\n    kind: count\n    topic: a\n    filter: "n = = 1"\n    window: 1m\n',
      'bad.yaml',
    );
    expect(summary.accepted).toBe(false);
    expect(summary.issues).toHaveLength(1);
    expect(summary.issues[0]).toMatchObject({ path: 'metrics[0].filter', line: 5 });
    expect(summary.issues[0]!.message).toMatch(/^invalid SQL expression: Parser Error: /);
    expect(summary.workbook.name).toBe('kitchen');
    expect(await engine.getWorkbook()).toBe(KITCHEN_WORKBOOK.text);
  });

  it('checkWorkbook reports what loadWorkbook would reject, with the line, and keeps the active workbook', async () => {
    const before = await engine.getWorkbook();
    const bad =
      'metrics:\n  - id: m\n    kind: count\n    topic: a\n    filter: "n = = 1"\n    window: 1m\n';
    const issues = await engine.checkWorkbook(bad, 'typed.yaml');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'metrics[0].filter', line: 5 });
    expect(issues[0]!.message).toMatch(/^invalid SQL expression: Parser Error: /);
    expect(await engine.checkWorkbook('metrics: [\n', 'typed.yaml')).toEqual([
      expect.objectContaining({ path: '(yaml)', line: 2 }),
    ]);
    expect(await engine.checkWorkbook(WORKBOOK, 'typed.yaml')).toEqual([]);
    expect(await engine.getWorkbook()).toBe(before);
  });

  it('compiles the active workbook for a source, listing what the source cannot compute', async () => {
    expect((await engine.loadWorkbook(WORKBOOK, 'test.yaml')).accepted).toBe(true);
    const labels = [
      { id: 'shared', kind: 'truth', start: T0, end: T0 + 1, scope: {}, description: '' },
      { id: 'theirs', kind: 'truth', start: T0 + 5, end: T0 + 6, scope: {}, description: '' },
    ];
    const summary = await engine.loadRecords(RECORDS, 'engine test', labels);
    expect(summary.metrics.map((m) => m.id)).toEqual(['a-count']);
    expect(summary.incidents.map((i) => [i.id, i.kind])).toEqual([
      ['mine', 'drawn'],
      ['theirs', 'truth'],
      ['shared', 'corrected'],
    ]);
    expect(summary.events).toEqual([
      { time: T0 + 10_000, type: 'SCALE_UP', detail: '', source: null },
      { time: T0 + 20_000, type: 'DEPLOY', detail: 'v2', source: null },
    ]);
    const again = await engine.loadWorkbook(WORKBOOK, 'test.yaml');
    expect(again.unavailable.map((u) => u.id)).toEqual(['needs-field', 'needs-topic']);
    expect(again.unavailable[0]!.reason).toMatch(/colour/);
    expect(again.unavailable[1]!.reason).toBe('no topic "b" in this source');
  });

  it('puts in each frame the system events delivered by its time, not those with an earlier timestamp still to come', async () => {
    expect((await engine.loadWorkbook(WORKBOOK, 'test.yaml')).accepted).toBe(true);
    await engine.loadRecords(RECORDS, 'engine test');
    // SCALE_UP (10 s) follows DEPLOY (20 s) in its partition: both arrive at stream time 20 s.
    expect((await engine.frame(T0 + 15_000)).events).toEqual([]);
    expect((await engine.frame(T0 + 19_999)).events).toEqual([]);
    expect((await engine.frame(T0 + 20_000)).events).toEqual([
      { time: T0 + 10_000, type: 'SCALE_UP', detail: '', source: null },
      { time: T0 + 20_000, type: 'DEPLOY', detail: 'v2', source: null },
    ]);
  });

  it('recompiles the loaded source when another workbook is loaded', async () => {
    const summary = await engine.loadWorkbook(
      'metrics:\n  - { id: a-sum, kind: sum, topic: a, field: n, window: 1m }\n',
      'other.yaml',
    );
    expect(summary.metrics.map((m) => m.id)).toEqual(['a-sum']);
    const frame = await engine.frame(T0 + 40_000);
    expect(frame.metrics.map((m) => [m.id, Array.from(m.series[0]!.values)])).toEqual([
      ['a-sum', [3]],
    ]);
  });
});
