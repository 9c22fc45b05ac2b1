import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { Ingest, type IngestResult } from './recording-ingest.ts';
import { createNodeBindings } from '../node.ts';
import { toQueryResult } from '../sql/read-only-sql.ts';
import { T0 } from '../testing/test-records.ts';

const TOPIC = 'odd-topic.v1';

function rec(
  partition: number,
  offset: bigint,
  at: number | null,
  value: string | null,
): KafkaRecord {
  return {
    topic: TOPIC,
    partition,
    offset,
    timestamp: at === null ? null : T0 + at,
    key: null,
    headers: [],
    value,
  };
}

const records: KafkaRecord[] = [
  {
    ...rec(0, 0n, 1_000, '{"n":1,"s":"a","b":true,"o":{"x":1},"arr":[1,2],"nil":null}'),
    key: 'k1',
    headers: [
      ['source', 'x'],
      ['traceparent', 'tp-1'],
      ['traceparent', 'tp-2'],
    ],
  },
  rec(0, 1n, 2_000, '{"n":"two","S":"Zürich 🍕"}'), // n widens to text; S meets s
  rec(0, 2n, 3_000, null),
  rec(0, 3n, 2_500, '{"broken'),
  rec(1, 9223372036854775807n, 4_000, '42'),
  { ...rec(1, 9223372036854775806n, null, 'AAEC'), valueEncoding: 'base64' },
  rec(1, 5n, 5_000, '[1,2]'),
  rec(1, 6n, 6_000, '{"_seq":5,"n":3.5}'),
];

let conn: DuckDBConnection;
let result: IngestResult;
beforeAll(async () => {
  conn = (await createNodeBindings()).connect();
  const ingest = new Ingest(conn, 2); // two rows per batch: fields meet across batches
  ingest.add(records.slice(0, 3));
  ingest.add(records.slice(3));
  result = ingest.finish();
});
afterAll(() => conn.close());

const rows = (sql: string) => toQueryResult(conn.query(sql)).rows;

describe('Ingest', () => {
  it('creates one table per topic: meta columns, then one column per JSON field as discovered', () => {
    expect(
      rows(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${TOPIC}' ORDER BY ordinal_position`,
      ),
    ).toEqual([
      ['_seq', 'BIGINT'],
      ['_stream_ts', 'BIGINT'],
      ['_partition', 'INTEGER'],
      ['_offset', 'BIGINT'],
      ['_ts', 'BIGINT'],
      ['_key', 'VARCHAR'],
      ['_traceparent', 'VARCHAR'],
      ['_value', 'VARCHAR'],
      ['_headers', 'VARCHAR'],
      ['n', 'VARCHAR'],
      ['s', 'VARCHAR'],
      ['b', 'BOOLEAN'],
      ['o', 'VARCHAR'],
      ['arr', 'VARCHAR'],
      ['S_2', 'VARCHAR'],
      ['_seq_2', 'DOUBLE'],
    ]);
  });

  it('keeps every value: fields, raw text of non-objects, widened numbers as their JSON text', () => {
    expect(
      rows(`SELECT _partition, _offset, _ts - ${T0}, _key, _traceparent, _value, n, s, b, o, arr, "S_2", "_seq_2"
        FROM "${TOPIC}" ORDER BY _partition, _offset`),
    ).toEqual([
      [0, 0, 1_000, 'k1', 'tp-1', null, '1', 'a', true, '{"x":1}', '[1,2]', null, null],
      [0, 1, 2_000, null, null, null, 'two', null, null, null, null, 'Zürich 🍕', null],
      [0, 2, 3_000, null, null, null, null, null, null, null, null, null, null],
      [0, 3, 2_500, null, null, '{"broken', null, null, null, null, null, null, null],
      [1, 5, 5_000, null, null, '[1,2]', null, null, null, null, null, null, null],
      [1, 6, 6_000, null, null, null, '3.5', null, null, null, null, null, 5],
      [
        1,
        '9223372036854775806',
        null,
        null,
        null,
        'AAEC',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [1, '9223372036854775807', 4_000, null, null, '42', null, null, null, null, null, null, null],
    ]);
  });

  it('numbers records in delivery order and gives each its stream time', () => {
    // p0: 1000, 2000, 3000, 2500; p1: 4000, none (→ 4000), 5000, 6000
    expect(
      rows(`SELECT _seq, _stream_ts - ${T0}, _partition, _offset FROM "${TOPIC}" ORDER BY _seq`),
    ).toEqual([
      [0, 1_000, 0, 0],
      [1, 2_000, 0, 1],
      [2, 3_000, 0, 2],
      [3, 3_000, 0, 3],
      [4, 4_000, 1, '9223372036854775807'],
      [5, 4_000, 1, '9223372036854775806'],
      [6, 5_000, 1, 5],
      [7, 6_000, 1, 6],
    ]);
    expect(Array.from(result.tape.streamTimes, (t) => t - T0)).toEqual([
      1_000, 2_000, 3_000, 3_000, 4_000, 4_000, 5_000, 6_000,
    ]);
  });

  it('counts per partition: records, offsets, malformed, tombstones, binary, no timestamp, out of order', () => {
    expect(result.partitions).toEqual([
      {
        topic: TOPIC,
        partition: 0,
        records: 4,
        firstOffset: '0',
        lastOffset: '3',
        malformed: 1,
        tombstones: 1,
        binary: 0,
        noTimestamp: 0,
        outOfOrder: 1,
        invalidUtf8: 0,
        duplicates: 0,
        outliers: 0,
      },
      {
        topic: TOPIC,
        partition: 1,
        records: 4,
        firstOffset: '9223372036854775807',
        lastOffset: '6',
        malformed: 0,
        tombstones: 0,
        binary: 1,
        noTimestamp: 1,
        outOfOrder: 0,
        invalidUtf8: 0,
        duplicates: 0,
        outliers: 0,
      },
    ]);
    expect([result.start - T0, result.end - T0]).toEqual([1_000, 6_000]);
  });
});
