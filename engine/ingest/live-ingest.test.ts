import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0 } from '../testing/test-records.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

/** One kcat `-J` line; `at` in ms after T0 (null: no timestamp), `value` as the payload text. */
function line(
  topic: string,
  partition: number,
  offset: number,
  at: number | null,
  value: string | null,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    topic,
    partition,
    offset,
    ...(at === null ? {} : { tstype: 'create', ts: T0 + at }),
    key: null,
    payload: value,
    ...extra,
  });
}

const rejected = (partition: number, offset: number, at: number | null, value: object) =>
  line('orders-rejected', partition, offset, at, JSON.stringify(value));

const bytes = (...lines: string[]) => new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));

// Lateness is per partition (a Kafka Streams task's stream time): p1 offset 1 (5 s) arrives
// after p1 offset 0 (70 s) has moved p1's stream time past the end of its window [0, 60 s), so it
// is late; p0's records are never late, whatever other partitions delivered before them.
const batch1 = bytes(
  rejected(0, 0, 10_000, { status: 'REJECTED', amount: 12 }),
  rejected(1, 0, 70_000, { status: 'REJECTED', amount: 7.5 }),
  rejected(1, 1, 5_000, { status: 'REJECTED' }),
  rejected(0, 1, null, { status: 'REJECTED' }),
);
const batch2 = bytes(
  '{"topic":"orders-rejected",',
  line('misc', 0, 0, 75_000, null),
  line('misc', 0, 1, 76_000, 'AAEC/w==', { payload_encoding: 'base64' }),
  line('misc', 0, 2, null, '{not json'),
  rejected(1, 2, 80_000, { status: 'REJECTED', amount: 'n/a' }),
  rejected(0, 2, 130_000, { status: 'REJECTED', reason: 'closed' }),
  rejected(1, 3, 125_000, { status: 'REJECTED' }),
);

describe('Engine live source', () => {
  it('refuses appendLive before startLive, naming the call', async () => {
    await engine.loadRecords([], 'nothing');
    await expect(engine.appendLive(batch1)).rejects.toThrow(
      'appendLive: no live source (call startLive first)',
    );
  });

  it('appends batches in arrival order; metrics count by window and report the late record', async () => {
    const started = await engine.startLive('live test');
    expect([started.name, started.records, started.metrics]).toEqual(['live test', 0, []]);

    const first = await engine.appendLive(batch1);
    expect([first.appended, first.records, first.streamTime]).toEqual([4, 4, T0 + 70_000]);
    expect(first.metrics.map((m) => m.id)).toEqual(['rejected-per-minute', 'rejected-5m']);

    const status = await engine.appendLive(batch2);
    expect(status.appended).toBe(6);
    expect(status.records).toBe(10);
    expect([status.start - T0, status.end - T0, status.streamTime! - T0]).toEqual([
      5_000, 130_000, 130_000,
    ]);
    expect(status.malformedLineCount).toBe(1);
    expect(status.malformedLines).toEqual([{ line: 5, reason: expect.stringMatching(/JSON/) }]);

    // Replay delivers by the overall stream time: 10, 70, 70, 70 | 75, 76, 76, 80, 130, 130 s.
    // By 75 s five records are in:
    // window [0, 60 s) holds the 10 s record (the 5 s one is late), [60, 120 s) the 70 s one.
    const early = await engine.frame(T0 + 75_000);
    expect(early.delivered).toBe(5);
    const earlyMetric = early.metrics.find((m) => m.id === 'rejected-per-minute')!;
    expect([...earlyMetric.series[0]!.values]).toEqual([1, 1]);
    expect(earlyMetric.late).toBe(1);

    // Everything: [0, 60 s) 1, [60, 120 s) 70 s + 80 s = 2, [120, 180 s) 125 s + 130 s = 2.
    const all = await engine.frame(T0 + 179_999);
    expect(all.delivered).toBe(10);
    const metric = all.metrics.find((m) => m.id === 'rejected-per-minute')!;
    expect([...metric.series[0]!.times].map((t) => t - T0)).toEqual([60_000, 120_000, 180_000]);
    expect([...metric.series[0]!.values]).toEqual([1, 2, 2]);
    expect(metric.late).toBe(1);
  });

  it('counts per partition: out of order, no timestamp, tombstone, binary, malformed value', async () => {
    const status = await engine.appendLive(new Uint8Array(0));
    const stats = status.partitions.map(({ topic, partition, ...rest }) => [
      `${topic}/${partition}`,
      rest,
    ]);
    const none = {
      malformed: 0,
      tombstones: 0,
      binary: 0,
      noTimestamp: 0,
      outOfOrder: 0,
      invalidUtf8: 0,
      duplicates: 0,
      outliers: 0,
    };
    expect(Object.fromEntries(stats)).toEqual({
      'orders-rejected/0': {
        ...none,
        records: 3,
        firstOffset: '0',
        lastOffset: '2',
        noTimestamp: 1,
      },
      'orders-rejected/1': {
        ...none,
        records: 4,
        firstOffset: '0',
        lastOffset: '3',
        outOfOrder: 1,
      },
      'misc/0': {
        ...none,
        records: 3,
        firstOffset: '0',
        lastOffset: '2',
        malformed: 1,
        tombstones: 1,
        binary: 1,
        noTimestamp: 1,
        outOfOrder: 0,
      },
    });
  });

  it("continues _seq across batches, keeps each partition's stream time and grows the table", async () => {
    const { rows } = await engine.query(
      `SELECT _seq, _stream_ts - ${T0}, _partition, _offset, amount, reason
       FROM "orders-rejected" ORDER BY _seq`,
    );
    expect(rows).toEqual([
      [0, 10_000, 0, 0, '12', null],
      [1, 70_000, 1, 0, '7.5', null],
      [2, 70_000, 1, 1, null, null],
      [3, 10_000, 0, 1, null, null],
      [7, 80_000, 1, 2, 'n/a', null],
      [8, 130_000, 0, 2, null, 'closed'],
      [9, 125_000, 1, 3, null, null],
    ]);
    const misc = await engine.query('SELECT _seq, _value FROM misc ORDER BY _seq');
    expect(misc.rows).toEqual([
      [4, null],
      [5, 'AAEC/w=='],
      [6, '{not json'],
    ]);
  });

  it('holds the same rows as a loaded recording of the same lines, whichever reader takes each', async () => {
    // Lines of the common shape (copied from the bytes) and lines only the full decoder reads:
    // escapes, a big offset, headers, base64, a tombstone, text and array values, a field that
    // changes type, a nested object, a line that is not JSON at all.
    const order = (offset: number, value: object, extra: Record<string, unknown> = {}) =>
      line('shop', offset % 2, offset, offset * 1_000, JSON.stringify(value), extra);
    const lines = [
      order(0, { id: 'a', total: 12.5, paid: true, city: 'Riyadh' }),
      order(1, { id: 'b', total: 3, paid: false, city: 'Jeddah' }, { key: 'k1' }),
      order(2, { id: 'c\u00e9 "q"', total: -1e-7, city: 'Ab\\ha' }),
      order(3, { id: 'd', total: 'n/a', tags: ['x', 1], addr: { zip: '1' } }),
      order(4, { id: 'e', total: 7 }, { headers: ['traceparent', '00-ab-cd-01', 'x', null] }),
      order(5, { id: 'f', city: 'Dammam', note: 'new field' }),
      line('shop', 1, 7, 7_000, null),
      line('shop', 0, 8, 8_000, 'AAEC/w==', { payload_encoding: 'base64' }),
      line('shop', 1, 9, 9_000, 'plain text'),
      line('shop', 0, 10, 10_000, '[1,2]'),
      line('shop', 1, 11, null, JSON.stringify({ id: 'g', total: 1 })),
      '{"topic":"shop","partition":0,"offset":1152921504606846976,"tstype":"create","ts":' +
        `${T0 + 12_000},"key":"big","payload":"{\\"id\\":\\"h\\",\\"total\\":2}"}`,
      order(13, { id: 'i', total: 4, paid: true, city: 'Riyadh' }),
      'not json at all',
    ];
    const rowsOf = async () => {
      const { columns, rows } = await engine.query(
        'SELECT * EXCLUDE (_seq, _stream_ts) FROM shop ORDER BY _partition, _offset',
      );
      return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    };
    await engine.startLive('agreement');
    await engine.appendLive(bytes(...lines.slice(0, 7)));
    const status = await engine.appendLive(bytes(...lines.slice(7)));
    expect(status.records).toBe(lines.length - 1);
    expect(status.malformedLines).toEqual([{ line: 14, reason: expect.stringMatching(/JSON/) }]);
    const live = await rowsOf();
    const loaded = await engine.loadRecording(bytes(...lines), 'agreement');
    expect(loaded.records).toBe(lines.length - 1);
    expect(await rowsOf()).toEqual(live);
    expect(live).toHaveLength(lines.length - 1);
    expect(live.find((r) => r._key === 'big')).toMatchObject({
      _offset: '1152921504606846976',
      id: 'h',
    });
    expect(live.find((r) => r.city === 'Ab\\ha')).toMatchObject({ id: 'c\u00e9 "q"' });
  });

  it('a recording loaded afterwards replaces the live source and its tables', async () => {
    await engine.loadRecords([], 'after');
    const { rows } = await engine.query(
      "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('misc', 'orders-rejected')",
    );
    expect(rows).toEqual([[0]]);
    await expect(engine.appendLive(batch1)).rejects.toThrow(/no live source/);
  });
});
