import { parquetWriteBuffer } from 'hyparquet-writer';
import type { QueryResult } from '../../engine/index.ts';
import { cellText } from './sql-console.ts';

/** Rows a download fetches at most (the table shows far fewer). */
export const DOWNLOAD_MAX_ROWS = 1_000_000;

/** Where an error points in the query: 0-based offset, 1-based line and 0-based column. */
export interface SqlPosition {
  offset: number;
  line: number;
  column: number;
}

/**
 * The position DuckDB's `LINE n: …` excerpt and caret point at in `sql` (the engine has moved
 * them onto the user's text), or null when the error has none or it is outside `sql`.
 */
export function errorPosition(message: string, sql: string): SqlPosition | null {
  const m = /LINE (\d+): ([^\n]*)\n( *)\^/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = sql.split('\n');
  if (line < 1 || line > lines.length || column < 0 || column > lines[line - 1]!.length) {
    return null;
  }
  let offset = column;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  return { offset, line, column };
}

/** The result as CSV (RFC 4180): a header row, NULL as an empty field, lists as JSON. */
export function resultCsv(result: QueryResult): string {
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const text = cellText(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [result.columns.map(field).join(',')];
  for (const row of result.rows) lines.push(row.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

type ColumnKind = 'time' | 'integer' | 'number' | 'boolean' | 'text';

/** What each column holds, from its Arrow type (`types`), else from its values. */
export function columnKinds(result: QueryResult): ColumnKind[] {
  return result.columns.map((_, i) => {
    const type = result.types?.[i] ?? '';
    if (/^(Timestamp|Date)/.test(type)) return 'time';
    if (/^Bool/.test(type)) return 'boolean';
    const values = result.rows.map((r) => r[i]).filter((v) => v !== null && v !== undefined);
    if (/^u?Int/i.test(type)) {
      // Past 2^53 the engine sends decimal text.
      return values.every((v) => typeof v === 'number') ? 'integer' : 'text';
    }
    if (/^(Float|Decimal)/.test(type)) return 'number';
    if (type !== '' || values.length === 0) return 'text';
    if (values.every((v) => typeof v === 'number')) {
      return values.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
    }
    return values.every((v) => typeof v === 'boolean') ? 'boolean' : 'text';
  });
}

/**
 * The result as a Parquet file: times as TIMESTAMP (ms, UTC), integers as INT64, other numbers
 * as DOUBLE, booleans as BOOLEAN, everything else as UTF-8 text (lists and structs as JSON).
 */
export function resultParquet(result: QueryResult): Uint8Array {
  const kinds = columnKinds(result);
  const columnData = result.columns.map((name, i) => {
    const values = result.rows.map((r) => r[i] ?? null);
    const kind = kinds[i]!;
    if (kind === 'time')
      return { name, data: values as (number | null)[], type: 'TIMESTAMP' as const };
    if (kind === 'integer') {
      return {
        name,
        data: values.map((v) => (v === null ? null : BigInt(v as number))),
        type: 'INT64' as const,
      };
    }
    if (kind === 'number')
      return { name, data: values as (number | null)[], type: 'DOUBLE' as const };
    if (kind === 'boolean') {
      return { name, data: values as (boolean | null)[], type: 'BOOLEAN' as const };
    }
    return {
      name,
      data: values.map((v) => (v === null ? null : cellText(v))),
      type: 'STRING' as const,
    };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** What a quick chart of a result draws: x from the time column, one line per numeric column. */
export interface QuickChart {
  timeColumn: string;
  /** ascending times (ms) */
  times: number[];
  series: { name: string; values: (number | null)[] }[];
}

/** Column names read as times when the type does not say (ms since epoch, 1990–2100). */
const TIME_NAMES = /^(_ts|ts|time|timestamp|t|window_start|window_end|minute|start|end)$/i;
const EPOCH_MS = [631_152_000_000, 4_102_444_800_000] as const;
/** The topic tables' bookkeeping columns: numbers, but not worth a line. */
const NOT_MEASURES = new Set(['_seq', '_partition', '_offset', '_ts']);

/**
 * The first time column (a TIMESTAMP/DATE, or a column named like a time holding ms since
 * epoch) against every numeric column, rows ordered by time; null when there is no time column,
 * no numeric column or no row.
 */
export function quickChart(result: QueryResult): QuickChart | null {
  if (result.rows.length === 0) return null;
  const kinds = columnKinds(result);
  let x = kinds.indexOf('time');
  if (x < 0) {
    x = result.columns.findIndex(
      (name, i) =>
        TIME_NAMES.test(name) &&
        (kinds[i] === 'integer' || kinds[i] === 'number') &&
        result.rows.every((r) => {
          const v = r[i];
          return typeof v === 'number' && v >= EPOCH_MS[0] && v <= EPOCH_MS[1];
        }),
    );
  }
  if (x < 0) return null;
  const ys = result.columns
    .map((name, i) => ({ name, i }))
    .filter(
      ({ name, i }) =>
        i !== x && (kinds[i] === 'integer' || kinds[i] === 'number') && !NOT_MEASURES.has(name),
    );
  if (ys.length === 0) return null;
  const rows = result.rows
    .filter((r) => typeof r[x] === 'number')
    .sort((a, b) => (a[x] as number) - (b[x] as number));
  if (rows.length === 0) return null;
  return {
    timeColumn: result.columns[x]!,
    times: rows.map((r) => r[x] as number),
    series: ys.map(({ name, i }) => ({
      name,
      values: rows.map((r) => (typeof r[i] === 'number' ? (r[i] as number) : null)),
    })),
  };
}
