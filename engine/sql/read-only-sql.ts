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
  const checked = readOnlyStatement(conn, sql);
  const prepared = checked.prepared;
  try {
    return prepared.query();
  } catch (err) {
    throw pointAtUserSql(err, checked);
  } finally {
    prepared.close();
  }
}

/**
 * The statement `readOnlyQuery` runs for `sql`, prepared (so known to be one read-only query);
 * the caller closes `prepared`. `shift` maps a position in `statement` to one in `sql`: the
 * statement's offset minus `shift` (for positions in the user's text).
 */
export interface ReadOnlyStatement {
  sql: string;
  statement: string;
  shift: number;
  prepared: { query(): Table; close(): void };
}

/** Checks and prepares `sql` as `readOnlyQuery` would (see there), without running it. */
export function readOnlyStatement(conn: ReadOnlyConnection, sql: string): ReadOnlyStatement {
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
  const wrap = `${prefix}SELECT * FROM (`;
  const statement = `${wrap}${sql.slice(body, end)}\n)`;
  const checked = { sql, statement, shift: wrap.length - body };
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
    throw pointAtUserSql(err, checked);
  }
  return { ...checked, prepared };
}

/**
 * DuckDB's error about the statement built from the user's SQL, with its `LINE n: …` excerpt
 * and caret moved to the user's own text (the same line and column there), duplicates dropped.
 * An error without a position, or one pointing outside the user's text, is returned as it was.
 */
export function pointAtUserSql(
  err: unknown,
  checked: Pick<ReadOnlyStatement, 'sql' | 'statement' | 'shift'>,
): unknown {
  if (!(err instanceof Error)) return err;
  const message = err.message;
  const m = /\n\nLINE (\d+): ([^\n]*)\n( *)\^/.exec(message);
  if (!m) return err;
  const line = Number(m[1]);
  const excerpt = m[2]!;
  const caret = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = checked.statement.split('\n');
  const text = lines[line - 1];
  if (text === undefined) return err;
  // DuckDB shows a window of a long line, marked with `...` where it cut.
  const shown = excerpt.replace(/^\.\.\./, '').replace(/\.\.\.$/, '');
  const cut = excerpt.length - excerpt.replace(/^\.\.\./, '').length;
  const at = text.indexOf(shown);
  if (at < 0) return err;
  let offset = at + caret - cut;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  const userOffset = offset - checked.shift;
  if (userOffset < 0 || userOffset > checked.sql.length) return err;
  const before = checked.sql.slice(0, userOffset).split('\n');
  const userLine = before.length;
  const column = before[before.length - 1]!.length;
  const lineText = checked.sql.split('\n')[userLine - 1] ?? '';
  const head = message.slice(0, m.index);
  const point = `LINE ${userLine}: ${lineText}\n${' '.repeat(`LINE ${userLine}: `.length + column)}^`;
  const out = new Error(`${head}\n\n${point}`, { cause: err });
  return out;
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
