import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope, type KafkaRecord } from '../../formats/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0 } from '../testing/test-records.ts';
import { useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';
import type { SourceSummary } from '../contract.ts';

const MIN = 60_000;

function record(topic: string, offset: number, at: number, value: unknown = { n: 1 }): KafkaRecord {
  return {
    topic,
    partition: 0,
    offset: BigInt(offset),
    timestamp: T0 + at,
    key: null,
    headers: [],
    value: JSON.stringify(value),
  };
}

/** Ten minutes of `orders`, one record every 10 s, as recording lines. */
function tenMinutes(topic = 'orders'): string[] {
  return Array.from({ length: 60 }, (_, k) => encodeEnvelope(record(topic, k, k * 10_000)));
}

const bytesOf = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

/** Every line accounted for: replayed, left out, malformed or blank. */
function accounted(s: SourceSummary): number {
  return s.records + s.excludedRecords! + s.malformedLineCount + s.blankLines!;
}

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('Engine.loadRecording: records with faults', () => {
  it('leaves out outlier timestamps (listed with line numbers), so the time range is the bulk', async () => {
    const lines = tenMinutes();
    // line 11: year 3000; line 21: 0; line 31: -1; line 41: 8.64e15 + 1; line 51: year 2100
    lines.splice(10, 0, encodeEnvelope(record('orders', 100, Date.UTC(3000, 0, 1) - T0)));
    lines.splice(20, 0, encodeEnvelope(record('orders', 101, -T0)));
    lines.splice(30, 0, encodeEnvelope(record('orders', 102, -1 - T0)));
    lines.splice(40, 0, encodeEnvelope(record('orders', 103, 8.64e15 + 1 - T0)));
    lines.splice(50, 0, encodeEnvelope(record('orders', 104, Date.UTC(2100, 0, 1) - T0)));
    const s = await engine.loadRecording(bytesOf(lines), 'outliers.ndjson');
    expect([s.start - T0, s.end - T0]).toEqual([0, 590_000]);
    expect(s.records).toBe(60);
    expect(s.excludedRecords).toBe(5);
    expect(s.faults!.map((f) => [f.line, f.kind])).toEqual([
      [11, 'outlier'],
      [21, 'outlier'],
      [31, 'outlier'],
      [41, 'outlier'],
      [51, 'outlier'],
    ]);
    expect(s.faults![0]!.reason).toMatch(
      /^ts 32503680000000 \(3000-01-01T00:00:00.000Z\) is after 2200/,
    );
    expect(s.partitions[0]).toMatchObject({ records: 60, outliers: 5, outOfOrder: 0 });
    expect(s.histogram.counts.length).toBeLessThan(300);
    expect(accounted(s)).toBe(s.linesRead);
    expect((await engine.query('SELECT count(*)::INT, max(_ts) FROM orders')).rows).toEqual([
      [60, T0 + 590_000],
    ]);
    const frame = await engine.frame(s.end);
    expect(frame.delivered).toBe(60);
  });

  it('keeps the first of a repeated partition and offset, and lists the rest as duplicates', async () => {
    const lines = tenMinutes();
    lines.push(lines[3]!, lines[0]!, '', 'not json', lines[3]!);
    const s = await engine.loadRecording(bytesOf(lines), 'dups.ndjson');
    expect(s.records).toBe(60);
    expect(s.faults!.map((f) => [f.line, f.kind, f.reason])).toEqual([
      [
        61,
        'duplicate',
        'duplicate of line 4 (topic "orders" partition 0 offset 3): left out of the replay',
      ],
      [
        62,
        'duplicate',
        'duplicate of line 1 (topic "orders" partition 0 offset 0): left out of the replay',
      ],
      [
        65,
        'duplicate',
        'duplicate of line 4 (topic "orders" partition 0 offset 3): left out of the replay',
      ],
    ]);
    expect(s.partitions[0]).toMatchObject({ records: 60, duplicates: 3 });
    expect([s.linesRead, s.blankLines, s.malformedLineCount, s.excludedRecords]).toEqual([
      65, 1, 1, 3,
    ]);
    expect(accounted(s)).toBe(s.linesRead);
    expect(
      (await engine.query('SELECT count(*)::INT, count(DISTINCT _offset)::INT FROM orders')).rows,
    ).toEqual([[60, 60]]);
  });

  it('loads topics that differ only in case side by side, and the workbook reads each by its name', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: upper
    title: upper
    unit: records
    kind: count
    topic: ORDERS
    window: 1m
  - id: lower
    title: lower
    unit: records
    kind: count
    topic: orders
    window: 1m
  - id: raw
    title: raw
    unit: records
    kind: sql
    window: 1m
    sql: SELECT (_ts // 60000) * 60000 AS window_start, count(*) AS value FROM "ORDERS (2)" GROUP BY 1`),
    );
    const upper = tenMinutes('ORDERS').slice(0, 6);
    const s = await engine.loadRecording(bytesOf([...tenMinutes(), ...upper]), 'case.ndjson');
    expect(s.tables).toEqual([
      { topic: 'orders', table: 'orders' },
      { topic: 'ORDERS', table: 'ORDERS (2)' },
    ]);
    expect(s.metrics.map((m) => m.id)).toEqual(['upper', 'lower', 'raw']);
    const frame = await engine.frame(T0 + 10 * MIN);
    const first = (id: string) => frame.metrics.find((m) => m.id === id)!.series[0]!.values[0];
    expect([first('upper'), first('lower'), first('raw')]).toEqual([6, 6, 6]);
    const total = (id: string) =>
      Array.from(frame.metrics.find((m) => m.id === id)!.series[0]!.values).reduce((a, b) => a + b);
    expect([total('upper'), total('lower')]).toEqual([6, 60]);
  });

  it('loads topics with a lone surrogate or a NUL in their name, and drops their tables on the next load', async () => {
    const odd = ['a\ud800', 'a\udfff', 'nul\u0000topic', 'quote"topic'];
    const lines = odd.flatMap((t) => tenMinutes(t).slice(0, 2));
    const s = await engine.loadRecording(bytesOf(lines), 'odd.ndjson');
    expect(s.tables).toEqual([
      { topic: 'a\ud800', table: 'a\ufffd' },
      { topic: 'a\udfff', table: 'a\ufffd (2)' },
      { topic: 'nul\u0000topic', table: 'nul\ufffdtopic' },
      { topic: 'quote"topic', table: 'quote"topic' },
    ]);
    expect(s.records).toBe(8);
    expect(s.faults!.map((f) => [f.line, f.kind])).toEqual([
      [1, 'invalid-utf8'],
      [2, 'invalid-utf8'],
      [3, 'invalid-utf8'],
      [4, 'invalid-utf8'],
    ]);
    expect(s.faults![0]!.reason).toBe(
      'topic holds a lone surrogate (a \\u escape without its pair): loaded with U+FFFD in its place',
    );
    const counts = await engine.query(
      `SELECT (SELECT count(*) FROM "a\ufffd (2)")::INT, (SELECT count(*) FROM "nul\ufffdtopic")::INT`,
    );
    expect(counts.rows).toEqual([[2, 2]]);
    await engine.loadRecording(bytesOf(tenMinutes()), 'plain.ndjson');
    // The topics' tables (the events browser's record kinds are in a schema of their own).
    const tables = await engine.query(
      "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1",
    );
    expect(tables.rows).toEqual([['orders']]);
  });
});
