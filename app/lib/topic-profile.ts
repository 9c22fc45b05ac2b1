import type { EngineApi, QueryResult } from '../../engine/index.ts';
import { META_COLUMNS } from '../../engine/index.ts';

/** One JSON field of a topic: its column type, how often it is missing, how many values. */
export interface FieldProfile {
  name: string;
  /** DuckDB's column type (BIGINT, DOUBLE, VARCHAR, BOOLEAN…) */
  type: string;
  /** share of records without the field (null or absent), 0–1 */
  nullShare: number;
  /** distinct values (nulls not counted) */
  distinct: number;
  /** whether sum, avg and quantile make sense on it */
  numeric: boolean;
}

/** A partition's offsets. */
export interface PartitionRange {
  partition: number;
  records: number;
  /** lowest and highest offset, as text (offsets may pass 2^53) */
  firstOffset: string;
  lastOffset: string;
}

/** What helps choose a metric's fields: a topic's counts, time and offset range, and its fields. */
export interface TopicProfile {
  topic: string;
  table: string;
  records: number;
  /** record timestamps, ms; null when no record has one */
  firstTime: number | null;
  lastTime: number | null;
  partitions: PartitionRange[];
  /** distinct record keys (null keys not counted) */
  distinctKeys: number;
  /** records with a `traceparent` header */
  withTraceparent: number;
  /**
   * header names with the records carrying each, most first (at most 50); null when the engine
   * keeps no headers column (then only `traceparent` is known)
   */
  headers: { name: string; records: number }[] | null;
  /** records whose value is not a JSON object (text, binary, tombstone-free malformed…) */
  rawValues: number;
  fields: FieldProfile[];
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** A DuckDB identifier, quoted. */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The query for a topic's counts and each field's non-null and distinct counts (one scan). */
export function profileSql(table: string, fields: readonly string[]): string {
  const perField = fields.flatMap((f, i) => [
    `count(${quoted(f)}) AS n${i}`,
    `count(DISTINCT ${quoted(f)}) AS d${i}`,
  ]);
  return [
    'SELECT count(*) AS records, min(_ts) AS first_ts, max(_ts) AS last_ts,',
    '  count(DISTINCT _key) AS keys, count(_traceparent) AS traced, count(_value) AS raw',
    ...perField.map((p) => `  , ${p}`),
    `FROM ${quoted(table)}`,
  ].join('\n');
}

/**
 * The query for the header names of a topic (`_headers`: kcat's `["name","value",…]` as JSON
 * text) with the records carrying each. Pairs are matched left to right with a regular
 * expression (DuckDB's JSON extension is not loaded in the browser).
 */
export function headersSql(table: string): string {
  const str = '"((?:[^"\\\\]|\\\\.)*)"';
  const value = '(?:"(?:[^"\\\\]|\\\\.)*"|null)';
  return (
    `SELECT name, count(DISTINCT _seq) AS n FROM (SELECT _seq, unnest(regexp_extract_all(_headers, '${str},${value}', 1)) AS name ` +
    `FROM ${quoted(table)} WHERE _headers IS NOT NULL) GROUP BY name ORDER BY n DESC, name LIMIT 50`
  );
}

/** The query for each partition's record count and offset range. */
export function partitionsSql(table: string): string {
  return (
    'SELECT _partition AS p, count(*) AS n, CAST(min(_offset) AS VARCHAR) AS lo, ' +
    `CAST(max(_offset) AS VARCHAR) AS hi FROM ${quoted(table)} GROUP BY 1 ORDER BY 1`
  );
}

/** The profile of `topic` (table `table`) as the engine's read-only SQL computes it. */
export async function topicProfile(
  engine: Pick<EngineApi, 'query'>,
  topic: string,
  table: string,
): Promise<TopicProfile> {
  const described = await engine.query(`DESCRIBE ${quoted(table)}`);
  const meta = new Set<string>([...META_COLUMNS, '_headers']);
  const all = rowsOf(described).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
  const columns = all.filter((c) => !meta.has(c.name));
  const headers = all.some((c) => c.name === '_headers')
    ? rowsOf(await engine.query(headersSql(table))).map((r) => ({
        name: String(r.name),
        records: Number(r.n),
      }))
    : null;
  const [counts] = rowsOf(
    await engine.query(
      profileSql(
        table,
        columns.map((c) => c.name),
      ),
    ),
  );
  if (!counts) throw new Error(`topic "${topic}": its table ${table} returned no counts`);
  const records = Number(counts.records);
  const partitions = rowsOf(await engine.query(partitionsSql(table))).map((r) => ({
    partition: Number(r.p),
    records: Number(r.n),
    firstOffset: String(r.lo),
    lastOffset: String(r.hi),
  }));
  return {
    topic,
    table,
    records,
    firstTime: counts.first_ts === null ? null : Number(counts.first_ts),
    lastTime: counts.last_ts === null ? null : Number(counts.last_ts),
    partitions,
    distinctKeys: Number(counts.keys),
    withTraceparent: Number(counts.traced),
    headers,
    rawValues: Number(counts.raw),
    fields: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      nullShare: records === 0 ? 0 : 1 - Number(counts[`n${i}`]) / records,
      distinct: Number(counts[`d${i}`]),
      numeric: NUMERIC.test(c.type),
    })),
  };
}

function rowsOf(result: QueryResult): Record<string, unknown>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
}
