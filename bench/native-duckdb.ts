import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Native DuckDB (single thread), the reference the engine's figures are measured against. */
export async function openNative(): Promise<{ conn: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * DuckDB's own `read_json` of a kcat NDJSON recording (the envelope; payloads stay text). With
 * `nativeTopicTables` after it, the fair ingest reference: the same typed tables the engine builds.
 */
export async function nativeReadJson(conn: DuckDBConnection, file: string): Promise<number> {
  await conn.run(`CREATE OR REPLACE TABLE raw AS
    SELECT row_number() OVER () - 1 AS _seq, *
    FROM read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited')`);
  const rows = (await conn.runAndReadAll('SELECT count(*) FROM raw')).getRows();
  return Number(rows[0]![0]);
}

/**
 * Builds, from `raw`, the same per-topic tables the engine ingests (same names, columns and
 * types), with DuckDB's JSON functions doing the payload parsing, so both sides then run
 * identical metric SQL.
 */
export async function nativeTopicTables(
  conn: DuckDBConnection,
  schema: Map<string, { name: string; type: string }[]>,
): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE raw_t AS
    SELECT *, max(ts) OVER (ORDER BY _seq ROWS UNBOUNDED PRECEDING) AS _stream_ts FROM raw`);
  const meta: Record<string, string> = {
    _seq: '_seq',
    _stream_ts: '_stream_ts',
    _partition: 'partition',
    _offset: '"offset"',
    _ts: 'ts',
    _key: 'key',
    _traceparent: 'NULL',
    _value: 'NULL',
    _headers: 'NULL',
  };
  for (const [topic, columns] of schema) {
    const select = columns.map(({ name, type }) => {
      const source =
        meta[name] ??
        `json_extract_string(payload, '$."${name.replaceAll("'", "''").replaceAll('"', '\\"')}"')`;
      return `TRY_CAST(${source} AS ${type}) AS "${name.replaceAll('"', '""')}"`;
    });
    await conn.run(`CREATE OR REPLACE TABLE "${topic.replaceAll('"', '""')}" AS
      SELECT ${select.join(', ')} FROM raw_t WHERE topic = '${topic.replaceAll("'", "''")}'`);
  }
}
