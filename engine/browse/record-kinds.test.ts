import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { isLate } from '../metrics/window-sql.ts';
import type { SourceSummary } from '../contract.ts';

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const line = (
  partition: number,
  offset: number,
  seconds: number,
  payload: string | null,
  extra = '',
) =>
  `{"topic":"t","partition":${partition},"offset":${offset},"tstype":"create","ts":${T0 + seconds * 1000},"key":"p${partition}-${offset}","payload":${payload === null ? 'null' : JSON.stringify(payload)}${extra}}`;

/** A kcat capture with one record of each kind, a blank and a malformed line among them. */
const LINES = [
  line(0, 0, 0, '{"a": 1.50,  "b":"x"}'),
  line(0, 1, 5, null),
  '',
  line(0, 2, 10, '{}'),
  'not a kcat line',
  line(0, 3, 90, '{"a":2}'),
  line(0, 4, 20, '{"a":3}'), // out of order, and late for a 1-minute window
  line(0, 1, 5, null), // offset 1 again: left out, offset 1 is "duplicated"
  line(1, 0, 1, 'AAECAwQ=', ',"payload_encoding":"base64"'),
  line(1, 1, 2, '\u0000\ufffd\u0010'), // what kcat writes for bytes that are not UTF-8
  line(1, 2, 3, '{not json'),
  line(1, 3, 4, '42'),
  line(1, 4, 5, '{"name":"caf\ufffd"}'), // a JSON object is JSON, whatever its text holds
];
const TEXT = `${LINES.join('\n')}\n`;

let engine: Engine;
let summary: SourceSummary;
beforeAll(async () => {
  engine = await createNodeEngine();
  summary = await engine.loadRecording(new TextEncoder().encode(TEXT), 'kinds.ndjson');
});
afterAll(() => engine.close());

/** The keys of the records matching `where`, in delivery order. */
async function keysWhere(where: string | null): Promise<string[]> {
  const page = await engine.records({ time: null, where, offset: 0, limit: 100 });
  return page.rows.map((r) => r.key ?? '');
}

describe('fault kinds in the events browser', () => {
  it('each kind is a column a condition filters on, as the ingest classified the values', async () => {
    expect(await keysWhere(null)).toHaveLength(10);
    expect(await keysWhere('_tombstone')).toEqual(['p0-1']);
    expect(await keysWhere('_binary')).toEqual(['p1-0', 'p1-1']);
    expect(await keysWhere('_bad_json')).toEqual(['p1-2']);
    expect(await keysWhere('_duplicated')).toEqual(['p0-1']);
    expect(await keysWhere('_ooo')).toEqual(['p0-4']);
    // Late as a metric over 1-minute windows counts it: its window [09:00, 09:01) was final
    // once the 09:01:30 record was delivered; over 5-minute windows it is on time.
    expect(await keysWhere(isLate(60_000, 0))).toEqual(['p0-4']);
    expect(await keysWhere(isLate(300_000, 0))).toEqual([]);
    expect(await keysWhere(isLate(60_000, 60_000))).toEqual([]);
  });

  it('the source panel counts the same kinds per partition', () => {
    const p = (n: number) => summary.partitions.find((x) => x.partition === n)!;
    // Partition 0: the tombstone read twice (one left out), the repeat counted apart.
    expect(p(0)).toMatchObject({ records: 5, tombstones: 1, binary: 0, malformed: 0 });
    expect(p(0).duplicates).toBe(1);
    // Partition 1: base64 and not text are binary; '{not json' is bad JSON; '42' and the
    // object holding U+FFFD are JSON.
    expect(p(1)).toMatchObject({ records: 5, tombstones: 0, binary: 2, malformed: 1 });
  });

  it('names every fault of a record, and "faults only" lists each faulted record once', async () => {
    const page = await engine.records({ time: null, offset: 0, limit: 100 });
    const faults = Object.fromEntries(page.rows.map((r) => [r.key, r.faults]));
    expect(faults).toEqual({
      'p0-0': [],
      'p0-1': ['tombstone (null value)', 'duplicated: a later copy of its offset was left out'],
      'p0-2': ['empty object {}'],
      'p0-3': [],
      'p0-4': ['out of order'],
      'p1-0': ['binary (base64)'],
      'p1-1': ['binary: not text (control characters or U+FFFD)'],
      'p1-2': ['not JSON'],
      'p1-3': ['not a JSON object'],
      'p1-4': [],
    });
    const only = await engine.records({ time: null, faultsOnly: true, offset: 0, limit: 100 });
    expect(only.rows.map((r) => r.key).sort()).toEqual(
      ['p0-1', 'p0-2', 'p0-4', 'p1-0', 'p1-1', 'p1-2', 'p1-3'].sort(),
    );
  });
});

describe('fault kinds of a live source', () => {
  it('are noted as batches arrive (a repeat is not left out live, so nothing is duplicated)', async () => {
    const live = await createNodeEngine();
    try {
      await live.startLive('live');
      const encode = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
      await live.appendLive(encode(LINES.slice(0, 7)));
      await live.appendLive(encode(LINES.slice(7)));
      const keys = async (where: string) =>
        (await live.records({ time: null, where, offset: 0, limit: 100 })).rows.map((r) => r.key);
      expect(await keys('_tombstone')).toEqual(['p0-1', 'p0-1']);
      expect(await keys('_binary')).toEqual(['p1-0', 'p1-1']);
      expect(await keys('_bad_json')).toEqual(['p1-2']);
      expect(await keys('_duplicated')).toEqual([]);
      const page = await live.records({ time: null, key: 'p0-2', offset: 0, limit: 1 });
      expect(page.rows[0]!.faults).toEqual(['empty object {}']);
      expect(await live.recordSource(page.rows[0]!.seq)).toMatchObject({
        text: null,
        unavailable: expect.stringContaining('a live stream'),
      });
    } finally {
      live.close();
    }
  });
});

describe('a record’s value as its recording holds it', () => {
  async function sourceOf(key: string) {
    const page = await engine.records({ time: null, offset: 0, limit: 100 });
    const row = page.rows.find((r) => r.key === key)!;
    return { row, source: await engine.recordSource(row.seq) };
  }

  it('reads the line again: the payload text as written, not rebuilt from the fields', async () => {
    const { row, source } = await sourceOf('p0-0');
    expect(row.value).toBe('{"a":1.5,"b":"x"}');
    expect(source).toEqual({
      seq: row.seq,
      line: 1,
      text: LINES[0],
      value: '{"a": 1.50,  "b":"x"}',
      base64: false,
      unavailable: null,
    });
    // Line numbers count the blank and the malformed line before it.
    expect((await sourceOf('p0-3')).source).toMatchObject({ line: 6, value: '{"a":2}' });
    expect((await sourceOf('p0-1')).source).toMatchObject({ line: 2, value: null });
    expect((await sourceOf('p1-0')).source).toMatchObject({
      line: 9,
      value: 'AAECAwQ=',
      base64: true,
    });
    expect((await sourceOf('p1-1')).source).toMatchObject({ value: '\u0000\ufffd\u0010' });
  });

  it('reads it from a picked file, gzip or with a BOM, as from bytes', async () => {
    const other = await createNodeEngine();
    try {
      const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]);
      for (const file of [new Blob([bom]), new Blob([gzipSync(bom)]), gzipSync(TEXT)]) {
        await other.loadRecording(file, 'kinds.ndjson');
        const page = await other.records({ time: null, key: 'p1-2', offset: 0, limit: 1 });
        expect(await other.recordSource(page.rows[0]!.seq)).toMatchObject({
          line: 11,
          text: LINES[10],
          value: '{not json',
        });
      }
    } finally {
      other.close();
    }
  });

  it('says why records of generated or in-memory sources have no text, and names a bad index', async () => {
    const other = await createNodeEngine();
    try {
      await other.loadRecords(
        [
          {
            topic: 't',
            partition: 0,
            offset: 0n,
            timestamp: T0,
            key: null,
            value: '{}',
            headers: [],
          },
        ],
        'memory',
      );
      expect(await other.recordSource(0)).toMatchObject({
        text: null,
        unavailable: expect.stringContaining('not read from a recording'),
      });
    } finally {
      other.close();
    }
    await expect(engine.recordSource(10)).rejects.toThrow(
      'invalid record 10: the source delivers records 0 to 9',
    );
  });
});
