import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.ts';
import { createNodeBindings } from '../node.ts';
import { CheckpointBudget, recordingStreams, STREAM_RECORDINGS_ABOVE } from './checkpoints.ts';

let db: DuckDBBindings;
/** Streams every recording, however small. */
let engine: Engine;
/** Streams recordings above the default size only. */
let held: Engine;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await createNodeBindings();
  engine = new Engine(db, { streamRecordingsAbove: 0 });
  held = new Engine(db);
  conn = db.connect();
});
afterAll(() => {
  conn.close();
  engine.close();
  held.close();
});

/** How the table's data columns are stored: `Uncompressed` until a checkpoint compresses them. */
function storage(table: string): string[] {
  const rows = conn
    .query(
      `SELECT DISTINCT compression FROM pragma_storage_info('${table}') WHERE segment_type <> 'VALIDITY' ORDER BY 1`,
    )
    .toArray() as { compression: string }[];
  return rows.map((r) => r.compression);
}

describe('checkpoints', () => {
  it('a budget checkpoints (compressing the tables) each time the bytes inserted pass it', () => {
    conn.query('CREATE TABLE budget AS SELECT (i % 3)::BIGINT AS v FROM range(300000) r(i)');
    const budget = new CheckpointBudget(conn, 1_000);
    budget.inserted(600);
    expect(storage('budget')).toEqual(['Uncompressed']);
    budget.inserted(600);
    expect(storage('budget')).not.toContain('Uncompressed');
    conn.query('INSERT INTO budget SELECT (i % 3)::BIGINT FROM range(300000) r(i)');
    budget.inserted(999);
    expect(storage('budget')).toContain('Uncompressed');
  });

  it('a recording streams when its text is over 1 GiB (a gzip one: 8 times its size)', () => {
    expect(STREAM_RECORDINGS_ABOVE).toBe(1024 ** 3);
    expect(recordingStreams(1024 ** 3, false)).toBe(false);
    expect(recordingStreams(1024 ** 3 + 1, false)).toBe(true);
    expect(recordingStreams(128 * 1024 ** 2, true)).toBe(false);
    expect(recordingStreams(128 * 1024 ** 2 + 1, true)).toBe(true);
  });

  it('a streamed recording ends with its tables compressed, its delivery columns included; a held one as loaded', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const payload = JSON.stringify({ status: ['PLACED', 'ACCEPTED'][i % 2], amount: i % 7 });
      lines.push(
        JSON.stringify({
          topic: 'orders',
          partition: i % 2,
          offset: i >> 1,
          ts: 1767225600000 + i * 10,
          key: `o-${i % 50}`,
          payload,
        }),
      );
    }
    await engine.loadRecording(new TextEncoder().encode(lines.join('\n')), 'r.ndjson');
    // Before the load checkpointed, every column stayed `Uncompressed` until the next checkpoint.
    expect(storage('orders')).not.toContain('Uncompressed');
    const seq = conn
      .query(
        'SELECT min(_seq)::INTEGER AS lo, max(_seq)::INTEGER AS hi, count(DISTINCT _seq)::INTEGER AS n FROM orders',
      )
      .toArray()[0] as { lo: number; hi: number; n: number };
    expect({ ...seq }).toEqual({ lo: 0, hi: 19_999, n: 20_000 });
    const sums = 'SELECT sum(_seq * amount) AS s, count(DISTINCT _stream_ts) AS t FROM orders';
    const streamed = conn.query(sums).toArray()[0]!.toJSON();
    // The same recording, small enough to be held whole: the same rows, not compressed (the
    // engines share one database: the first one's tables go first).
    await engine.loadRecords([], 'nothing');
    await held.loadRecording(new TextEncoder().encode(lines.join('\n')), 'r.ndjson');
    expect(storage('orders')).toContain('Uncompressed');
    expect(conn.query(sums).toArray()[0]!.toJSON()).toEqual(streamed);
  });
});
