import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0 } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';

const header = (n: number) =>
  `00-${n.toString(16).padStart(32, '0')}-${n.toString(16).padStart(16, '1')}-01`;
const offsets = new Map<string, bigint>();
function rec(topic: string, atS: number, id: string, trace: number | null): KafkaRecord {
  const offset = offsets.get(topic) ?? 0n;
  offsets.set(topic, offset + 1n);
  return {
    topic,
    partition: 0,
    offset,
    timestamp: T0 + atS * 1000,
    key: null,
    headers: trace === null ? [] : [['traceparent', header(trace)]],
    value: JSON.stringify({ id }),
  };
}

// Hops a → b: k1 10 s and k2 30 s (header missing) in the first minute, k3 30 s (new trace) and
// k4 5 s in the second. k5's b record (a → b 5 s, first minute) comes last in its partition, so
// replay delivers it after the 100 s record: the first minute's sample never saw it.
const RECORDS = [
  rec('a', 0, 'k1', 1),
  rec('a', 20, 'k2', 2),
  rec('a', 25, 'k5', 6),
  rec('a', 70, 'k3', 3),
  rec('a', 80, 'k4', 5),
  rec('b', 10, 'k1', 1),
  rec('b', 50, 'k2', null),
  rec('b', 85, 'k4', 5),
  rec('b', 100, 'k3', 4),
  rec('b', 30, 'k5', 6),
];

const WORKBOOK = workbookOf(
  `  - id: hop-p95
    kind: trace
    measure: hop_latency
    stat: p95
    key: id
    topics: [a, b]
    window: 1m
  - id: hop-breaks
    kind: trace
    measure: break_rate
    key: id
    topics: [a, b]
    window: 1m`,
  `alerts:
  - { id: breaks-high, kind: threshold, metric: hop-breaks, op: '>', value: 0.4 }`,
);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(engine, WORKBOOK);
  await engine.loadRecords(RECORDS, 'trace metric');
});
afterAll(() => engine.close());

describe('trace metrics', () => {
  it('gives each hop’s latency quantile per window, each sample as known at its end', async () => {
    const m = await metricAt(engine, 'hop-p95', 120_000);
    // the open minute [2m, 3m) has no hop yet
    expect(m.times).toEqual([60_000, 120_000, 180_000]);
    expect(m.values['a → b']![2]).toBeNaN();
    // first minute [10, 30] s (k5's 5 s hop came later) → 10 + 0.95·20; second [30, 5] → 5 + 0.95·25
    expect(m.values['a → b']![0]).toBeCloseTo(29, 9);
    expect(m.values['a → b']![1]).toBeCloseTo(28.75, 9);
  });

  it('gives each hop’s broken share per window, each sample as known at its end', async () => {
    const m = await metricAt(engine, 'hop-breaks', 120_000);
    // first minute: k1 whole, k2 header missing (k5 not yet delivered); second: k3 new trace, k4 whole
    expect(m.values).toEqual({ 'a → b': [0.5, 0.5, NaN] });
  });

  it('an alert rule reads a trace metric like any other: fires from the first window whose break rate is above its threshold', async () => {
    const [rule] = await engine.alerts(T0 + 120_000);
    expect(rule!.error).toBeNull();
    expect(rule!.intervals.map((i) => [i.series, i.start - T0])).toEqual([['a → b', 60_000]]);
  });

  it('the workbook refuses a stat on break_rate and a hopping window', async () => {
    const summary = await engine.loadWorkbook(
      workbookOf(`  - id: x
    kind: trace
    measure: break_rate
    stat: p50
    key: id
    topics: [a]
    window: { size: 2m, hop: 1m }`),
      'bad.yaml',
    );
    expect(summary.accepted).toBe(false);
    expect(summary.issues.map((i) => [i.path, i.message])).toEqual([
      ['metrics[0].stat', 'stat only applies to hop_latency'],
      ['metrics[0].window', 'trace metrics take tumbling windows'],
    ]);
  });
});
