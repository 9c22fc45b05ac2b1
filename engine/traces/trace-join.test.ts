import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0 } from '../testing/test-records.ts';
import { criticalPath } from './critical-path.ts';

const tid = (n: number) => n.toString(16).padStart(32, '0');
const header = (n: number) => `00-${tid(n)}-${(n * 7 + 1).toString(16).padStart(16, '0')}-01`;

const offsets = new Map<string, bigint>();
/** A record of `topic` at `at` ms after T0, for order `id`, with a traceparent (trace `n`, raw text, or none). */
function rec(
  topic: string,
  at: number,
  id: string | null,
  tp: number | string | null,
): KafkaRecord {
  const offset = offsets.get(topic) ?? 0n;
  offsets.set(topic, offset + 1n);
  return {
    topic,
    partition: 0,
    offset,
    timestamp: T0 + at,
    key: id,
    headers: tp === null ? [] : [['traceparent', typeof tp === 'number' ? header(tp) : tp]],
    value: JSON.stringify(id === null ? { note: 'no id' } : { id }),
  };
}

// Six orders across placed → kitchen → delivery, one orphan (see the hand computation in each test).
const records: KafkaRecord[] = [
  rec('placed', 0, 'k1', 1),
  rec('placed', 0, 'k2', 2),
  rec('placed', 0, 'k3', 3),
  rec('placed', 0, 'k5', 6),
  rec('placed', 0, 'k6', 'garbage'),
  rec('kitchen', 10, 'k5', 1),
  rec('kitchen', 20, 'k6', `00-${tid(9)}-${'0'.repeat(16)}-01`),
  rec('kitchen', 50, 'k3', 4),
  rec('delivery', 90, 'k3', 4),
  rec('kitchen', 100, 'k1', 1),
  rec('kitchen', 200, 'k2', null),
  rec('delivery', 250, 'k1', 1),
  rec('delivery', 300, 'k2', null),
  rec('delivery', 500, null, 7),
  rec('kitchen', 900, 'k4', 5),
  rec('placed', 1000, 'k4', 5),
];
const OPTIONS = { key: 'id', topics: ['placed', 'kitchen', 'delivery'] };
const END = T0 + 10_000;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(records, 'hand-built');
});
afterAll(() => engine.close());

describe('traceparent counts at load', () => {
  it('counts each topic by class and lists malformed and all-zero headers', async () => {
    const summary = await engine.loadRecords(records, 'hand-built');
    expect(summary.traceContext!.topics).toEqual([
      { topic: 'placed', records: 6, valid: 5, missing: 0, malformed: 1, zeroId: 0 },
      { topic: 'kitchen', records: 6, valid: 4, missing: 1, malformed: 0, zeroId: 1 },
      { topic: 'delivery', records: 4, valid: 3, missing: 1, malformed: 0, zeroId: 0 },
    ]);
    expect(summary.traceContext!.faultCount).toBe(2);
    expect(summary.traceContext!.faults).toEqual([
      {
        topic: 'placed',
        partition: 0,
        offset: '4',
        value: 'garbage',
        reason: '1 field(s), expected version-traceid-parentid-flags',
      },
      {
        topic: 'kitchen',
        partition: 0,
        offset: '1',
        value: `00-${tid(9)}-${'0'.repeat(16)}-01`,
        reason: 'all-zero parent id',
      },
    ]);
  });
});

describe('Engine.traces', () => {
  it('gives per-hop counts and latency quantiles, taking a back-stamped hop in flow order', async () => {
    const r = await engine.traces(END, OPTIONS);
    const ab = r.hops.find((h) => h.from === 'placed' && h.to === 'kitchen')!;
    // latencies k1 100, k2 200, k3 50, k4 −100, k5 10, k6 20 → sorted −100 10 20 50 100 200
    expect(ab).toEqual({
      from: 'placed',
      to: 'kitchen',
      count: 6,
      traced: 2,
      p50Ms: 35,
      p95Ms: 175,
      maxMs: 200,
      latencyMeasurable: true,
      breaks: { 'header-missing': 1, 'new-trace': 1, 'negative-latency': 1, 'fan-in': 1 },
      breakRate: 4 / 6,
    });
    // k1 150, k2 100 (untraced on both sides: no new break), k3 40
    expect(r.hops.find((h) => h.from === 'kitchen' && h.to === 'delivery')).toEqual({
      from: 'kitchen',
      to: 'delivery',
      count: 3,
      traced: 2,
      p50Ms: 100,
      p95Ms: 145,
      maxMs: 150,
      latencyMeasurable: true,
      breaks: {},
      breakRate: 0,
    });
    expect(r.hops).toHaveLength(2);
  });

  it('counts records, keys, trace ids, broken and stitched traces', async () => {
    const r = await engine.traces(END, OPTIONS);
    expect(r.topics).toEqual(['placed', 'kitchen', 'delivery']);
    expect([r.records, r.keyedRecords, r.keys, r.traceIds]).toEqual([16, 15, 6, 7]);
    expect(r.brokenKeys).toBe(4);
    // k2 (a piece and untraced records), k3 (two pieces), k5 (its own and k1's trace)
    expect(r.stitchedKeys).toBe(3);
  });

  it('locates each break by hop and kind with example keys, and orphans by topic', async () => {
    const r = await engine.traces(END, OPTIONS);
    const groups = r.breaks.map((b) => [b.kind, b.from, b.to, b.count, b.examples]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['header-missing', 'placed', 'kitchen', 1, ['k2']],
        ['new-trace', 'placed', 'kitchen', 1, ['k3']],
        ['negative-latency', 'placed', 'kitchen', 1, ['k4']],
        ['fan-in', 'placed', 'kitchen', 1, ['k5']],
        ['orphan', null, 'delivery', 1, [tid(7)]],
      ]),
    );
    expect(groups).toHaveLength(5);
  });

  it('lists traces latest first, stitched ones flagged, filtered by key, latency and breaks', async () => {
    const r = await engine.traces(END, OPTIONS, { broken: true, minDurationMs: 100 });
    // broken: k2 (300 ms), k3 (90), k4 (100), k5 (10) → k2 and k4; both start… k4 at 900
    expect(r.list.map((t) => t.key)).toEqual(['k4', 'k2']);
    expect(r.listTotal).toBe(2);
    expect(r.list[1]).toEqual({
      key: 'k2',
      traceIds: [tid(2)],
      start: T0,
      end: T0 + 300,
      durationMs: 300,
      records: 3,
      untraced: 2,
      broken: true,
      breakKinds: ['header-missing'],
      breakHops: [{ kind: 'header-missing', from: 'placed', to: 'kitchen' }],
      stitched: true,
    });
    const byKey = await engine.traces(END, OPTIONS, { key: 'k3' });
    expect(byKey.list.map((t) => [t.key, t.traceIds, t.stitched])).toEqual([
      ['k3', [tid(3), tid(4)], true],
    ]);
  });

  it('counts only the records delivered by the replay time', async () => {
    const r = await engine.traces(T0 + 60, OPTIONS);
    // delivered: the five placed records at 0, kitchen k5 (10), k6 (20), k3 (50)
    expect(r.records).toBe(8);
    expect(r.hops.map((h) => [h.from, h.to, h.count])).toEqual([['placed', 'kitchen', 3]]);
  });

  it('follows every topic with traceparent headers, in the flow order the keys show, by default', async () => {
    const r = await engine.traces(END, { key: 'id' });
    expect(r.topics).toEqual(['placed', 'kitchen', 'delivery']);
  });

  it('refuses a nested key path and a topic the source lacks, naming them', async () => {
    await expect(engine.traces(END, { key: 'order.id' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining(
        'invalid trace option key: "order.id" (nested JSON paths are not supported',
      ),
    });
    await expect(engine.traces(END, { key: 'id', topics: ['nope'] })).rejects.toThrow(
      'the source has no topic "nope"',
    );
  });
});

describe('Engine.trace', () => {
  it('gives a key’s records in hop order with hop times, breaks and pieces', async () => {
    const d = await engine.trace('k3', END, OPTIONS);
    expect(d).toMatchObject({
      key: 'k3',
      traceIds: [tid(3), tid(4)],
      start: T0,
      end: T0 + 90,
      durationMs: 90,
      stitched: true,
    });
    expect(d.spans.map((s) => [s.node, s.hopMs, s.break, s.traceId, s.critical])).toEqual([
      ['placed', null, null, tid(3), true],
      ['kitchen', 50, 'new-trace', tid(4), true],
      ['delivery', 40, null, tid(4), true],
    ]);
    expect(d.spans[0]!.parentId).toBe((3 * 7 + 1).toString(16).padStart(16, '0'));
  });

  it('fails naming a key no delivered record has', async () => {
    await expect(engine.trace('k9', END, OPTIONS)).rejects.toThrow(
      'trace "k9": no delivered record has this id',
    );
  });
});

describe('criticalPath', () => {
  it('follows each record back to the latest earlier record of its own piece', () => {
    expect(criticalPath(['a', 'a', 'b', 'a'])).toEqual([true, true, false, true]);
    expect(criticalPath(['a', null, null])).toEqual([true, true, true]);
    expect(criticalPath([])).toEqual([]);
  });
});
