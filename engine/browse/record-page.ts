import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { RecordPage, RecordQuery, RecordRow } from '../contract.ts';
import type { SourceTable } from '../traces/trace-join.ts';
import { META_COLUMNS } from '../ingest/meta-columns.ts';
import { pointAtUserSql, toQueryResult } from '../sql/read-only-sql.ts';
import { sqlTokens } from '../sql/sql-tokens.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import { RecordKind } from '../ingest/record-kinds.ts';
import { RECORD_KINDS_TABLE, recordKindColumns } from './record-kinds.ts';
import { ANY_FAULT } from './fault-columns.ts';

/** The most rows one page may ask for. */
export const MAX_RECORD_PAGE = 500;

const META = new Set<string>(META_COLUMNS);

/** Beyond this many out-of-order records a table's flag is computed by its window again. */
const MAX_LISTED_OUT_OF_ORDER = 20_000;

/**
 * One page of the loaded source's records, in delivery order, filtered as `query` says: the
 * records delivered by `delivered` (every record when null), of one topic or all. User text
 * reaches the SQL only as quoted literals; topic names only through their tables' identifiers.
 * With `kinds`, each record's `RecordKind` is read from `RECORD_KINDS_TABLE` (else 0: a live
 * source, whose values are not classified).
 */
export function recordPage(
  conn: Pick<DuckDBConnection, 'query' | 'prepare' | 'useUnsafe'>,
  topics: readonly SourceTable[],
  delivered: number | null,
  query: RecordQuery,
  kinds = false,
): RecordPage {
  const limit = Math.min(Math.max(0, Math.floor(query.limit)), MAX_RECORD_PAGE);
  const offset = Math.max(0, Math.floor(query.offset));
  const chosen = topics.filter((t) => query.topic == null || t.topic === query.topic);
  if (chosen.length === 0) return { total: 0, offset, rows: [] };
  const fields = new Map(chosen.map((t) => [t.table, fieldColumns(conn, t.table)]));
  const where = query.where?.trim() ? checkedWhere(conn, query.where) : null;
  const unbound: string[] = [];
  const ooo = outOfOrderSeqs(conn, topics);
  const parts = chosen
    .map((t, i) =>
      topicRows(
        t.table,
        i,
        fields.get(t.table)!,
        delivered,
        query,
        where,
        ooo.get(t.table)!,
        kinds,
      ),
    )
    .filter((part, i) => {
      const missing = where === null ? null : unboundColumn(conn, part, chosen[i]!.topic, where);
      if (missing !== null) unbound.push(missing);
      return missing === null;
    });
  if (parts.length === 0) {
    throw new Error(
      `filter ${JSON.stringify(where)}: no topic has the column it names (${unbound[0]})`,
    );
  }
  const rows = `(${parts.join(' UNION ALL ')})`;
  const outer = outerFilter(query);
  const [count, low, high] = toQueryResult(
    conn.query(`SELECT count(*), min(_seq), max(_seq) FROM ${rows} AS r ${outer}`),
  ).rows[0]!.map(Number);
  const total = count!;
  // The page's delivery indices first, then only their rows. Delivery indices run 0, 1, 2, …
  // across the source, so with no filter but the replay time the page is a range of them; with
  // filters, the matching indices are sorted alone (one narrow column, not every column).
  const contiguous = total > 0 && low === 0 && high === total - 1;
  const seqs =
    contiguous && where === null && outer === '' && chosen.length === topics.length
      ? Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i)
      : toQueryResult(
          conn.query(
            `SELECT _seq FROM ${rows} AS r ${outer} ORDER BY _seq LIMIT ${limit} OFFSET ${offset}`,
          ),
        ).rows.map((r) => Number(r[0]));
  const page =
    seqs.length === 0
      ? []
      : toQueryResult(
          conn.query(
            `SELECT _t, _seq, _partition, CAST(_offset AS VARCHAR), _ts, _key, _traceparent, _value, _ooo, _empty, _headers, _kind
       FROM ${rows} AS r WHERE _seq BETWEEN ${seqs[0]} AND ${seqs[seqs.length - 1]}
         AND _seq IN (${seqs.join(', ')}) ORDER BY _seq`,
          ),
        ).rows;
  const values = objectValues(conn, chosen, fields, page);
  return {
    total,
    offset,
    rows: page.map((r): RecordRow => {
      const topic = chosen[Number(r[0])]!.topic;
      const seq = Number(r[1]);
      const raw = r[7] as string | null;
      const object = values.get(seq) ?? null;
      const faults = faultWords(
        r[4] === null,
        r[8] === true,
        r[9] === true,
        raw,
        kinds ? Number(r[11]) : null,
      );
      const traceparent = r[6] as string | null;
      return {
        seq,
        topic,
        partition: Number(r[2]),
        offset: String(r[3]),
        time: r[4] === null ? null : Number(r[4]),
        key: r[5] as string | null,
        traceparent,
        headers: headerPairs(r[10] as string | null),
        traceId: traceIdOf(traceparent),
        value: raw ?? (object === null ? null : JSON.stringify(object)),
        valueIsJson: raw === null ? object !== null : isJson(raw),
        faults,
      };
    }),
  };
}

function fieldColumns(conn: Pick<DuckDBConnection, 'query'>, table: string): string[] {
  const result = toQueryResult(
    conn.query(
      `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ${quoteString(table)} ORDER BY column_index`,
    ),
  );
  return result.rows.map((r) => String(r[0])).filter((c) => !META.has(c));
}

/**
 * The user's condition, checked to be one expression: no `;` outside quotes (the statements
 * that embed it are then prepared, so DuckDB's parser has the last word).
 */
function checkedWhere(
  conn: Pick<DuckDBConnection, 'useUnsafe' | 'prepare'>,
  where: string,
): string {
  const { tokens } = sqlTokens(conn, where);
  if (tokens.some((t) => t.kind === 'operator' && t.head === ';')) {
    throw new Error(`invalid filter ${JSON.stringify(where)}: one condition, without ';'`);
  }
  // Its syntax alone, so that an error points at the condition as written (no wrapper's `)`).
  const statement = `SELECT 1 WHERE ${where}`;
  try {
    conn.prepare(statement).close();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/^Parser Error/.test(message)) {
      const pointed = pointAtUserSql(err, { sql: where, statement, shift: 15 });
      throw new Error(
        `invalid filter ${JSON.stringify(where)}: ${pointed instanceof Error ? pointed.message : message}`,
        { cause: err },
      );
    }
  }
  return where.trim();
}

/**
 * Null when a topic's rows under the user's condition bind, else DuckDB's complaint about the
 * column its table lacks. A condition that fails for another reason (syntax, types) throws,
 * naming the topic.
 */
function unboundColumn(
  conn: Pick<DuckDBConnection, 'prepare'>,
  part: string,
  topic: string,
  where: string,
): string | null {
  try {
    conn.prepare(`SELECT count(*) FROM (${part}) AS p`).close();
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/^Binder Error: Referenced column/.test(message)) return message.split('\n')[0]!;
    throw new Error(
      `filter ${JSON.stringify(where)} on topic ${JSON.stringify(topic)}: ${message}`,
      {
        cause: err,
      },
    );
  }
}

/** A `_headers` value as `[name, value]` pairs (empty for none, or for text that is not pairs). */
function headerPairs(text: string | null): [string, string | null][] {
  if (text === null) return [];
  let flat: unknown;
  try {
    flat = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(flat)) return [];
  const out: [string, string | null][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const value = flat[i + 1];
    out.push([String(flat[i]), typeof value === 'string' ? value : null]);
  }
  return out;
}

/** One topic's rows with what the filters and the fault flags need. */
function topicRows(
  table: string,
  index: number,
  fields: string[],
  delivered: number | null,
  query: RecordQuery,
  userWhere: string | null = null,
  outOfOrder: readonly number[] = [],
  kinds = false,
): string {
  const where: string[] = [];
  if (delivered !== null) where.push(`_seq < ${sqlNumber(delivered, 'delivered')}`);
  if (query.partition != null)
    where.push(`_partition = ${sqlNumber(query.partition, 'partition')}`);
  const empty =
    fields.length === 0
      ? '_value IS NULL'
      : `_value IS NULL AND coalesce(${fields.map((f) => `CAST(${quoteIdent(f)} AS VARCHAR)`).join(', ')}) IS NULL`;
  const searchable = ['_key', '_value', '_headers', ...fields.map(quoteIdent)]
    .map((c) => `CAST(${c} AS VARCHAR)`)
    .join(', ');
  const text = query.text ? `, lower(concat_ws(' ', ${searchable})) AS _text` : '';
  // Inner: every column of the table and the fault flags; outer: the user's condition over them.
  const ooo =
    outOfOrder.length === 0
      ? 'false'
      : outOfOrder.length <= MAX_LISTED_OUT_OF_ORDER
        ? `_seq IN (${outOfOrder.join(', ')})`
        : `coalesce(_ts < max(_ts) OVER (PARTITION BY _partition ORDER BY _offset
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false)`;
  const source = kinds
    ? `(SELECT t.*, coalesce(k.kind, 0) AS _kind FROM main.${quoteIdent(table)} AS t
        LEFT JOIN ${RECORD_KINDS_TABLE} AS k ON k.seq = t._seq)`
    : `(SELECT *, 0 AS _kind FROM main.${quoteIdent(table)})`;
  const inner = `SELECT *, ${ooo} AS _ooo,
      (${empty}) AS _empty, ${recordKindColumns('_kind')}
    FROM ${source} AS b${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  return `SELECT ${index} AS _t, _seq, _partition, _offset, _ts, _key, _traceparent, _value,
      _headers, _ooo, _empty, _kind, _duplicated${text}
    FROM (${inner}) AS w${userWhere === null ? '' : ` WHERE (${userWhere}\n)`}`;
}

/** Per source (its topic list), per table: the row count and the out-of-order records' `_seq`. */
const outOfOrderCache = new WeakMap<
  readonly SourceTable[],
  Map<string, { rows: number; seqs: number[] }>
>();

/**
 * The delivery indices of each table's records stamped earlier than one before them in their
 * partition (offset order), computed once per source and table (again when a live table grows):
 * the window over every record is the costly part of a page, and its answer is short.
 */
function outOfOrderSeqs(
  conn: Pick<DuckDBConnection, 'query'>,
  topics: readonly SourceTable[],
): Map<string, number[]> {
  let cache = outOfOrderCache.get(topics);
  if (!cache) {
    cache = new Map();
    outOfOrderCache.set(topics, cache);
  }
  const out = new Map<string, number[]>();
  for (const t of topics) {
    const table = `main.${quoteIdent(t.table)}`;
    const rows = Number(toQueryResult(conn.query(`SELECT count(*) FROM ${table}`)).rows[0]![0]);
    let known = cache.get(t.table);
    if (!known || known.rows !== rows) {
      const seqs = toQueryResult(
        conn.query(
          `SELECT _seq FROM (SELECT _seq, _ts < max(_ts) OVER (PARTITION BY _partition ORDER BY _offset
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS o FROM ${table}) WHERE o ORDER BY _seq`,
        ),
      ).rows.map((r) => Number(r[0]));
      known = { rows, seqs };
      cache.set(t.table, known);
    }
    out.set(t.table, known.seqs);
  }
  return out;
}

function outerFilter(query: RecordQuery): string {
  const where: string[] = [];
  if (query.key != null && query.key !== '') where.push(`_key = ${quoteString(query.key)}`);
  if (query.text) where.push(`contains(_text, ${quoteString(query.text.toLowerCase())})`);
  if (query.from != null) where.push(`_ts >= ${sqlNumber(query.from, 'from')}`);
  if (query.to != null) where.push(`_ts < ${sqlNumber(query.to, 'to')}`);
  if (query.faultsOnly) where.push(`(${ANY_FAULT})`);
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}

/** The JSON object of each page row whose value was one (its fields, as columns hold them). */
function objectValues(
  conn: Pick<DuckDBConnection, 'query'>,
  topics: readonly SourceTable[],
  fields: Map<string, string[]>,
  page: unknown[][],
): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  topics.forEach((t, i) => {
    const names = fields.get(t.table)!;
    const seqs = page.filter((r) => Number(r[0]) === i && r[7] === null).map((r) => Number(r[1]));
    if (names.length === 0 || seqs.length === 0) return;
    const result = toQueryResult(
      conn.query(
        `SELECT _seq, ${names.map(quoteIdent).join(', ')} FROM main.${quoteIdent(t.table)} WHERE _seq IN (${seqs.join(', ')})`,
      ),
    );
    for (const row of result.rows) {
      const object: Record<string, unknown> = {};
      names.forEach((name, k) => {
        if (row[k + 1] !== null) object[name] = row[k + 1];
      });
      if (Object.keys(object).length > 0) out.set(Number(row[0]), object);
    }
  });
  return out;
}

/**
 * A record's faults in words: its timestamp, order and value (`kind`: its `RecordKind`, 0 when
 * unknown or none; `raw`: `_value`, the value when it is not a JSON object).
 */
export function faultWords(
  noTimestamp: boolean,
  outOfOrder: boolean,
  empty: boolean,
  raw: string | null,
  kind: number | null,
): string[] {
  const { TOMBSTONE, BASE64, BAD_JSON, NOT_TEXT, DUPLICATED } = RecordKind;
  const faults: string[] = [];
  if (noTimestamp) faults.push('no timestamp');
  if (outOfOrder) faults.push('out of order');
  if (kind === null) {
    if (raw !== null) faults.push(isJson(raw) ? 'not a JSON object' : 'not JSON');
    else if (empty) faults.push('tombstone or empty object');
  } else if (kind & TOMBSTONE) faults.push('tombstone (null value)');
  else if (kind & BASE64) faults.push('binary (base64)');
  else if (kind & NOT_TEXT) faults.push('binary: not text (control characters or U+FFFD)');
  else if (raw !== null)
    faults.push(kind & BAD_JSON || !isJson(raw) ? 'not JSON' : 'not a JSON object');
  else if (empty) faults.push('empty object {}');
  if ((kind ?? 0) & DUPLICATED) faults.push('duplicated: a later copy of its offset was left out');
  return faults;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`), or null. */
export function traceIdOf(traceparent: string | null): string | null {
  const m =
    traceparent === null
      ? null
      : /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent.trim());
  return m && !/^0+$/.test(m[1]!) ? m[1]! : null;
}
