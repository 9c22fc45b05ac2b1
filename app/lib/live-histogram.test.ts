import { describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../engine/node.ts';
import { MinuteCounts, minuteCountsSql } from './live-histogram.ts';

const MIN = 60_000;

describe('live histogram', () => {
  it('asks for the new records only, per topic, quoting topic names', () => {
    expect(minuteCountsSql(['orders', 'we"ird'], 10, 25)).toBe(
      'SELECT m, CAST(sum(n) AS DOUBLE) AS n FROM (' +
        'SELECT _ts // 60000 AS m, count(*) AS n FROM "orders" WHERE _seq >= 10 AND _seq < 25 AND _ts IS NOT NULL GROUP BY m' +
        ' UNION ALL ' +
        'SELECT _ts // 60000 AS m, count(*) AS n FROM "we""ird" WHERE _seq >= 10 AND _seq < 25 AND _ts IS NOT NULL GROUP BY m' +
        ') GROUP BY m',
    );
    expect(minuteCountsSql([], 0, 5)).toBeNull();
    expect(minuteCountsSql(['orders'], 5, 5)).toBeNull();
  });

  it('adds counts of the same minute across refreshes, bigints included', () => {
    const c = new MinuteCounts();
    c.add([[10n, 3n]]);
    c.add([
      [10, 2],
      [11, 1],
    ]);
    expect(c.histogram({ start: 10 * MIN, end: 11 * MIN })).toEqual({
      start: 10 * MIN,
      step: MIN,
      counts: new Float64Array([5, 1]),
    });
  });

  it('draws a long range in round bars of at most 300: 10 hours in 5-minute bars', () => {
    const c = new MinuteCounts();
    c.add([
      [0, 1],
      [4, 2],
      [5, 4],
      [599, 8],
    ]);
    const h = c.histogram({ start: 0, end: 600 * MIN - 1 });
    expect(h.step).toBe(5 * MIN);
    expect(h.counts.length).toBe(120);
    expect([h.counts[0], h.counts[1], h.counts[119]]).toEqual([3, 4, 8]);
  });

  it('refuses a row that is not two numbers, naming it', () => {
    expect(() => new MinuteCounts().add([['x', 1]])).toThrow('invalid minute count row: [x, 1]');
  });
});

describe('live histogram on DuckDB', () => {
  const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
  const line = (topic: string, offset: number, ts: number | null) =>
    JSON.stringify({
      topic,
      partition: 0,
      offset,
      ...(ts === null ? {} : { tstype: 'create', ts }),
      key: null,
      payload: '{"status":"PLACED"}',
    });
  const batch = (...lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

  it('counts each refresh’s new records per minute, across topics, skipping missing timestamps', async () => {
    const engine = await createNodeEngine();
    try {
      await engine.startLive('test');
      const first = await engine.appendLive(
        batch(
          line('orders', 0, T0),
          line('orders', 1, T0 + 30_000),
          line('payments', 0, T0 + 61_000),
        ),
      );
      const counts = new MinuteCounts();
      const topics = ['orders', 'payments'];
      counts.add((await engine.query(minuteCountsSql(topics, 0, first.records)!)).rows);
      const second = await engine.appendLive(
        batch(line('orders', 2, T0 + 62_000), line('payments', 1, null)),
      );
      const sql = minuteCountsSql(topics, first.records, second.records)!;
      counts.add((await engine.query(sql)).rows);
      expect(counts.histogram({ start: T0, end: T0 + 90_000 })).toEqual({
        start: T0,
        step: 60_000,
        counts: new Float64Array([2, 2]),
      });
    } finally {
      engine.close();
    }
  });
});
