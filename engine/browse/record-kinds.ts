import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { Float64, Uint8, makeData } from 'apache-arrow';
import { ipcStreamOf } from '../ingest/arrow-columns.ts';
import { RecordKind } from '../ingest/record-kinds.ts';

/**
 * The loaded source's records whose `RecordKind` is not 0, as a table the events browser joins
 * on delivery index: `tapedeck.record_kinds(seq BIGINT, kind UTINYINT)`, in a schema of its own
 * so the SQL console's tables stay the topics'. A live source's grows as batches arrive.
 */
export const RECORD_KINDS_TABLE = 'tapedeck.record_kinds';

/**
 * The columns the events browser adds to each topic's rows from a record's kind, for the
 * conditions (`RecordQuery.where`) to use; `k` is the record's kind (0 when none).
 */
export function recordKindColumns(k: string): string {
  const { TOMBSTONE, BASE64, BAD_JSON, NOT_TEXT, DUPLICATED } = RecordKind;
  return [
    `(${k} & ${TOMBSTONE} <> 0) AS _tombstone`,
    `(${k} & ${BASE64 | NOT_TEXT} <> 0) AS _binary`,
    `(${k} & ${BAD_JSON} <> 0) AS _bad_json`,
    `(${k} & ${DUPLICATED} <> 0) AS _duplicated`,
  ].join(', ');
}

/** The names `recordKindColumns` adds. */
export const RECORD_KIND_COLUMN_NAMES = ['_tombstone', '_binary', '_bad_json', '_duplicated'];

/** Replaces the record kinds with those of a newly loaded source (delivery indices ascending). */
export function storeRecordKinds(
  conn: Pick<DuckDBConnection, 'query' | 'insertArrowFromIPCStream'>,
  kinds: { seqs: Float64Array; kinds: Uint8Array },
): number {
  clearRecordKinds(conn);
  return addRecordKinds(conn, kinds);
}

/** Adds the kinds of records appended to a live source (delivery indices above those held). */
export function addRecordKinds(
  conn: Pick<DuckDBConnection, 'query' | 'insertArrowFromIPCStream'>,
  kinds: { seqs: Float64Array; kinds: Uint8Array },
): number {
  const n = kinds.seqs.length;
  if (n === 0) return 0;
  const seq = makeData({ type: new Float64(), length: n, data: kinds.seqs, nullCount: 0 });
  const kind = makeData({ type: new Uint8(), length: n, data: kinds.kinds, nullCount: 0 });
  conn.insertArrowFromIPCStream(ipcStreamOf(['seq', 'kind'], [[seq, kind]]), {
    schema: 'tapedeck',
    name: 'record_kinds_in',
    create: true,
  });
  conn.query(
    `INSERT INTO ${RECORD_KINDS_TABLE} SELECT CAST(seq AS BIGINT), kind FROM tapedeck.record_kinds_in ORDER BY seq`,
  );
  conn.query('DROP TABLE tapedeck.record_kinds_in');
  return n;
}

/** Empties the record kinds (a new source, or none). */
export function clearRecordKinds(conn: Pick<DuckDBConnection, 'query'>): void {
  conn.query('CREATE SCHEMA IF NOT EXISTS tapedeck');
  conn.query(`CREATE OR REPLACE TABLE ${RECORD_KINDS_TABLE} (seq BIGINT, kind UTINYINT)`);
}
