import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording, type MalformedLine } from '../../formats/index.ts';
import { Ingest, type IngestResult } from './recording-ingest.ts';
import { createNodeBindings } from '../node.ts';
import { toQueryResult } from '../sql/read-only-sql.ts';
import { CheckpointBudget } from './checkpoints.ts';

/**
 * A recording with every kind of line the fast reader declines or must get right, interleaved
 * over topics and partitions so that fields meet across small batches.
 */
function variedRecording(): string {
  let seed = 5;
  const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  const offsets = new Map<string, number>();
  const head = (topic: string, partition: number, ts: string | null) => {
    const k = `${topic}/${partition}`;
    const offset = offsets.get(k) ?? 0;
    offsets.set(k, offset + 1);
    const time = ts === null ? '' : `,"tstype":"create","ts":${ts}`;
    return `{"topic":${JSON.stringify(topic)},"partition":${partition},"offset":${offset}${time}`;
  };
  const payloads = [
    () => JSON.stringify({ status: 'PLACED', amount: 10 + random(50) / 4, n: random(3) }),
    () => JSON.stringify({ amount: random(9), status: 'ACCEPTED', region: 'Dubai' }),
    () => JSON.stringify({ status: 'REJECTED', reason: 'busy', ok: random(2) === 0 }),
    () => JSON.stringify({ n: 'two', ok: 'yes' }), // widens n and ok to text
    () => JSON.stringify({ dish: 'Tiramisù 🍰', status: null }),
    () => JSON.stringify({ nested: { a: 1 }, list: [1, 'x'] }),
    () => JSON.stringify({ note: 'tab\there "quoted"' }),
    () => '{"n":1,"n":2,"status":"DUP"}',
    () => '{"n":1,"n":null}',
    () => '{"2":"two","1":"one","status":"INT-KEYS"}',
    () => '{ "amount" : 1.5e2 ,\n"status":"SPACED"}',
    () => '{"amount":123456789012345678,"big":1e400,"neg":-0}',
    () => '{}',
    () => '[1,2]',
    () => '"just a string"',
    () => '{"broken',
  ];
  const lines: string[] = [];
  for (let k = 0; k < 600; k++) {
    const topic = ['orders', 'payments', 'odd "topic" é'][random(3)]!;
    const partition = random(2);
    const ts = random(20) === 0 ? null : String(1767225600000 + k * 1000 - random(5000));
    const headers = [
      '',
      ',"headers":["traceparent","00-aa-01","source","app"]',
      ',"headers":["source","x","traceparent",null]',
      ',"headers":[]',
    ][random(4)]!;
    const key = ['null', '"k-1"', '"k\\"q"', '"ключ"'][random(4)]!;
    const r = random(40);
    let value: string;
    if (r === 0) value = 'null';
    else if (r === 1) value = '"3q2+7w==","payload_encoding":"base64"';
    else value = JSON.stringify(payloads[random(payloads.length)]!());
    lines.push(
      `${head(topic, partition, ts)}${headers},"broker":1,"key":${key},"payload":${value}}`,
    );
    if (random(50) === 0)
      lines.push(['', '  ', '{"topic":"orders","partition":0,', 'not json'][random(4)]!);
  }
  lines.push(
    '{"topic":"orders","partition":1,"offset":9223372036854775807,"key":null,"payload":"{}"}',
  );
  return `\uFEFF${lines.join('\r\n')}\n`;
}

const bytes = new TextEncoder().encode(variedRecording());
// An invalid UTF-8 byte in one value, which the text decoder replaces.
const invalid = new Uint8Array([
  ...bytes,
  ...new TextEncoder().encode('{"topic":"orders","partition":0,"offset":999,"key":"'),
  0xff,
  ...new TextEncoder().encode('","payload":"{\\"status\\":\\"X\\"}"}\n'),
]);

/** `bytes` as a stream cut at a few places, one of them inside a UTF-8 character. */
function streamOf(data: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts, data.length];
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i + 1 >= edges.length) controller.close();
      else controller.enqueue(data.slice(edges[i]!, edges[++i]!));
    },
  });
}

let db: Awaited<ReturnType<typeof createNodeBindings>>;
const connections: DuckDBConnection[] = [];
beforeAll(async () => {
  db = await createNodeBindings();
});
afterAll(() => connections.forEach((c) => c.close()));

/** An ingest into a schema of its own, three rows per batch (streaming with `checkpoints`). */
function ingestIn(
  schema: string,
  checkpoints?: (conn: DuckDBConnection) => CheckpointBudget,
): { conn: DuckDBConnection; ingest: Ingest } {
  const conn = db.connect();
  connections.push(conn);
  conn.query(`CREATE SCHEMA ${schema}`);
  conn.query(`SET schema = '${schema}'`);
  return { conn, ingest: new Ingest(conn, 3, checkpoints?.(conn) ?? null) };
}

async function viaRecords(source: Uint8Array, schema: string) {
  const { conn, ingest } = ingestIn(schema);
  const malformed: MalformedLine[] = [];
  for await (const batch of readRecording(source)) {
    ingest.add(batch.records);
    malformed.push(...batch.malformed);
  }
  return { conn, result: ingest.finish(), malformed };
}

async function viaBytes(
  source: Uint8Array | ReadableStream<Uint8Array>,
  schema: string,
  checkpoints?: (conn: DuckDBConnection) => CheckpointBudget,
) {
  const { conn, ingest } = ingestIn(schema, checkpoints);
  const malformed: MalformedLine[] = [];
  for await (const lines of ingest.addRecording(source)) malformed.push(...lines);
  return { conn, result: ingest.finish(), malformed };
}

/** Everything an ingest leaves: its result, malformed lines, and every table's schema and rows. */
function everything(run: {
  conn: DuckDBConnection;
  result: IngestResult;
  malformed: MalformedLine[];
}) {
  const rows = (sql: string) => toQueryResult(run.conn.query(sql)).rows;
  const tables = [...run.result.topics.keys()].map((topic) => {
    const t = `"${topic.replaceAll('"', '""')}"`;
    return [topic, rows(`DESCRIBE ${t}`), rows(`SELECT * FROM ${t} ORDER BY _seq`)];
  });
  const { tape, timestamps, start, end, partitions, topics } = run.result;
  return {
    tables,
    streamTimes: Array.from(tape.streamTimes),
    timestamps: Array.from(timestamps),
    start,
    end,
    partitions,
    topics: [...topics].map(([name, columns]) => [name, [...columns]]),
    malformed: run.malformed,
  };
}

describe('Ingest.addRecording', () => {
  it('loads the same tables, counts and malformed lines as add(readRecording(…)) on a varied recording', async () => {
    const expected = everything(await viaRecords(bytes, 'records'));
    expect(expected.malformed.length).toBeGreaterThan(3);
    expect(
      expected.partitions.some((p) => p.binary > 0 && p.tombstones > 0 && p.malformed > 0),
    ).toBe(true);
    expect(everything(await viaBytes(bytes, 'bytes'))).toEqual(expected);
    const cuts = [1, 2, 1000, 5001, 5002, bytes.length - 3];
    expect(everything(await viaBytes(streamOf(bytes, cuts), 'stream'))).toEqual(expected);
  });

  it('streaming (each batch into DuckDB as it fills, checkpointed as it goes) leaves the same tables, left-out records deleted', async () => {
    // A repeat of an earlier record's partition and offset, and a timestamp a century out:
    // both left out, so their placeholder rows must go.
    const text = new TextDecoder().decode(bytes);
    const repeat = text.split('\r\n').find((l) => l.startsWith('{"topic":"orders","partition":0'))!;
    const outlier =
      '{"topic":"orders","partition":1,"offset":100000,"tstype":"create","ts":4102444800000,"key":null,"payload":"{\\"n\\":5}"}';
    const source = new TextEncoder().encode(`${text}${repeat}\n${outlier}\n`);
    const expected = everything(await viaRecords(source, 'held'));
    let checkpoints = 0;
    const budget = (conn: DuckDBConnection) =>
      new CheckpointBudget(
        {
          query: (sql: string) => {
            if (sql === 'CHECKPOINT') checkpoints++;
            return conn.query(sql);
          },
        },
        2_000,
      );
    const streamed = await viaBytes(source, 'streamed', budget);
    expect(streamed.result.excludedRecords).toBe(2);
    expect(everything(streamed)).toEqual(expected);
    expect(checkpoints).toBeGreaterThan(3);
    // Rows reach DuckDB while the source is read, not at the end.
    const { conn, ingest } = ingestIn('partial', budget);
    const reading = ingest.addRecording(source);
    await reading.next();
    await reading.next();
    const rows = toQueryResult(conn.query('SELECT count(*)::INTEGER AS n FROM orders')).rows;
    expect(rows[0]![0]).toBeGreaterThan(0);
    await reading.return(undefined);
    ingest.abort();
  });

  it('reads a value with invalid UTF-8 as the text decoder does (U+FFFD), and counts it as a fault', async () => {
    const expected = everything(await viaRecords(invalid, 'records_invalid'));
    expect(JSON.stringify(expected.tables)).toContain('\ufffd');
    const run = await viaBytes(invalid, 'bytes_invalid');
    const got = everything(run);
    // Only the bytes show that the text was not UTF-8: the decoded records cannot.
    const part = got.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!;
    expect(part.invalidUtf8).toBe(1);
    part.invalidUtf8 = 0;
    expect(got).toEqual(expected);
    const lines = new TextDecoder().decode(invalid).split('\n').length - 1;
    expect(run.result.faults).toEqual([
      {
        line: lines,
        kind: 'invalid-utf8',
        reason: 'invalid UTF-8 at byte 53 of the line: loaded with U+FFFD in its place',
        topic: 'orders',
        partition: 0,
      },
    ]);
    expect(run.result.faultCount).toBe(1);
  });
});
