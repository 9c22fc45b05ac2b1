import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeBindings } from '../node.ts';
import { sandboxDuckDB } from '../sql/sandbox.ts';
import { workbookSqlProblem } from './check-sql.ts';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = (await createNodeBindings()).connect();
  sandboxDuckDB(conn);
});
afterAll(() => conn.close());

describe('workbookSqlProblem names what the user wrote, not the probe around it', () => {
  it.each([
    ['an expression that ends early', 'status =', 'expression'],
    ['an expression ending in AND', "status = 'A' AND", 'expression'],
    ['a query that ends early', 'SELECT count(*) AS value FROM orders GROUP', 'query'],
  ] as const)('%s: a syntax error at the end of input, no ")" never written', (_, text, what) => {
    expect(workbookSqlProblem(conn, text, what)).toBe('Parser Error: syntax error at end of input');
  });

  it('keeps a syntax error inside the text as DuckDB reports it', () => {
    expect(workbookSqlProblem(conn, 'status = = 1', 'expression')).toBe(
      'Parser Error: syntax error at or near "="',
    );
  });
});

describe('time functions that need an extension are refused with the reason, never fetched', () => {
  const icu =
    "needs DuckDB's ICU extension (time zones: TIMESTAMP WITH TIME ZONE, which to_timestamp " +
    'returns), and Tapedeck loads no extension: it never fetches anything. Use a plain ' +
    "TIMESTAMP instead, e.g. time_bucket(INTERVAL '1 minute', make_timestamp(_ts * 1000)), " +
    'or epoch arithmetic on _ts';

  it('time_bucket over to_timestamp', () => {
    const sql =
      "SELECT epoch_ms(time_bucket(INTERVAL '1 minute', to_timestamp(_ts / 1000))) AS " +
      'window_start, count(*) AS value FROM orders GROUP BY 1';
    expect(workbookSqlProblem(conn, sql, 'query')).toBe(icu);
  });

  it('date_trunc over to_timestamp', () => {
    const sql = "SELECT date_trunc('minute', to_timestamp(_ts / 1000)) AS t FROM orders";
    expect(workbookSqlProblem(conn, sql, 'query')).toBe(icu);
  });

  it('the same over make_timestamp (a plain TIMESTAMP) binds without any extension', () => {
    const sql =
      "SELECT epoch_ms(time_bucket(INTERVAL '1 minute', make_timestamp(_ts * 1000))) AS " +
      'window_start, count(*) AS value FROM orders GROUP BY 1';
    expect(workbookSqlProblem(conn, sql, 'query')).toBeNull();
  });
});
