import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';

/** One JSON string (its content may hold escapes), as an RE2 pattern. */
const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/** The headers array from its start up to header `name`: whole pairs are skipped, lazily. */
const PAIRS = String.raw`^\[\s*(?:${STRING}\s*,\s*(?:${STRING}|null)\s*,\s*)*?"`;
const VALUE = String.raw`"\s*,\s*"((?:[^"\\]|\\.)*)"`;

/**
 * `header(_headers, name)`: the first value of header `name` in a `_headers` column (the kcat
 * `["name","value",…]` JSON text), NULL when the record has no such header or its value is
 * null. Core DuckDB only (regular expressions): no JSON extension is loaded in the sandbox.
 * A quote escaped in the value comes back unescaped; other JSON escapes stay as written.
 */
export const HEADER_MACRO = `CREATE OR REPLACE MACRO header(h, name) AS
  CASE WHEN regexp_matches(h, '${PAIRS}' || regexp_escape(name) || '${VALUE}')
    THEN replace(regexp_extract(h, '${PAIRS}' || regexp_escape(name) || '${VALUE}', 1), '\\"', '"')
  END`;

/** Defines the events browser's SQL helpers (`header`) on the engine's database. */
export function defineBrowseMacros(conn: Pick<DuckDBConnection, 'query'>): void {
  conn.query(HEADER_MACRO);
}
