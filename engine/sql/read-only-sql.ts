import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { Table } from 'apache-arrow';
import { sqlTokens, type SqlToken, type Tokenizer } from './sql-tokens.ts';
import type { QueryResult } from '../contract.ts';

/** First words of the statements the console answers, for a clearer refusal of the others. */
const QUERY_WORDS = ['select', 'with', 'from', 'values', 'table', 'describe', 'show', 'summarize'];

/**
 * Runs `sql` — one read-only query — and returns its rows. What runs is a statement built here,
 * `SELECT * FROM (<sql>)` (or `EXPLAIN [ANALYZE] SELECT * FROM (<query>)` for `EXPLAIN
 * [ANALYZE] <query>`), prepared by DuckDB: a prepared statement holds exactly one statement, and
 * one that begins with SELECT is a query, so text that closes the parenthesis early or hides a
 * `;` in any quoting is refused by DuckDB's parser, not by a list of words. A trailing `;` is
 * allowed. DuckDB's settings (see `sandboxDuckDB`) keep the query from files, URLs, extensions
 * and configuration. Throws an Error naming the reason.
 */
export function readOnlyQuery(conn: ReadOnlyConnection, sql: string): Table {
  const { tokens } = sqlTokens(conn, sql);
  let end = sql.length;
  while (isOperator(tokens[tokens.length - 1], ';')) end = tokens.pop()!.start;
  const first = tokens[0];
  if (first === undefined) throw new Error('empty statement');
  if (tokens.some((t) => isOperator(t, ';'))) throw new Error('only one statement is allowed');
  let prefix = '';
  let body = 0;
  if (first.kind === 'keyword' && first.head === 'explain') {
    const analyze = tokens[1]?.kind === 'keyword' && tokens[1].head === 'analyze';
    prefix = analyze ? 'EXPLAIN ANALYZE ' : 'EXPLAIN ';
    body = tokens[analyze ? 2 : 1]?.start ?? sql.length;
  }
  const statement = `${prefix}SELECT * FROM (${sql.slice(body, end)}\n)`;
  let prepared;
  try {
    prepared = conn.prepare(statement);
  } catch (err) {
    const word = first.head;
    if (first.kind === 'keyword' && word !== 'explain' && !QUERY_WORDS.includes(word)) {
      throw new Error(
        `only read-only statements are allowed, not ${word.toUpperCase()} (one query: ${QUERY_WORDS.join(', ').toUpperCase()}, or EXPLAIN of one)`,
        { cause: err },
      );
    }
    throw err;
  }
  try {
    return prepared.query();
  } finally {
    prepared.close();
  }
}

/** What `readOnlyQuery` needs of a connection. */
export type ReadOnlyConnection = Tokenizer & Pick<DuckDBConnection, 'prepare'>;

function isOperator(token: SqlToken | undefined, head: string): boolean {
  return token?.kind === 'operator' && token.head === head;
}

/** Rows of an Arrow result as plain values: bigint → number when safe, else its decimal text. */
export function toQueryResult(table: Table): QueryResult {
  const columns = table.schema.fields.map((f) => f.name);
  const vectors = columns.map((_, i) => table.getChildAt(i)!);
  const rows: unknown[][] = [];
  for (let r = 0; r < table.numRows; r++) rows.push(vectors.map((v) => plain(v.get(r))));
  return { columns, rows };
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : String(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Array.from(value);
  if ('toArray' in value && typeof value.toArray === 'function') {
    return Array.from(value.toArray() as ArrayLike<unknown>, plain);
  }
  if ('toJSON' in value && typeof value.toJSON === 'function') {
    const json = value.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
