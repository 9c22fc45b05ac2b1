import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { quoteIdent, sqlNumber } from '../sql/sql.ts';
import type { EventSourceDef, SystemEvent } from '../contract.ts';

/** Events listed in a source summary; a topic with more is cut at its first this many. */
export const MAX_SYSTEM_EVENTS = 10_000;

/**
 * The system events of the loaded source (seed 004), one per record of the workbook's event
 * topic with a timestamp, in time order: `type` and `detail` from the named fields (empty text
 * when a record lacks them). Empty when the source has no such topic; fields it lacks read as
 * empty text. With `delivered`, only the records replay has delivered (`_seq < delivered`): the
 * events known at a replay time.
 */
export function systemEvents(
  conn: DuckDBConnection,
  def: EventSourceDef,
  columns: ReadonlyMap<string, ReadonlySet<string>>,
  tables: ReadonlyMap<string, string> = new Map(),
  delivered?: number,
): SystemEvent[] {
  const have = columns.get(def.topic);
  if (!have) return [];
  const text = (field: string | null) =>
    field !== null && have.has(field.toLowerCase())
      ? `coalesce(CAST(${quoteIdent(field)} AS VARCHAR), '')`
      : field === null
        ? 'NULL::VARCHAR'
        : `''`;
  const table = conn.query(`SELECT CAST(_ts AS DOUBLE) AS time, ${text(def.type)} AS type,
      ${text(def.detail)} AS detail, ${text(def.source)} AS source
    FROM ${quoteIdent(tables.get(def.topic) ?? def.topic)} WHERE _ts IS NOT NULL
      ${delivered === undefined ? '' : `AND _seq < ${sqlNumber(delivered, 'delivered')}`}
    ORDER BY _ts, _seq LIMIT ${MAX_SYSTEM_EVENTS}`);
  return table.toArray().map((row) => {
    const r = row as { time: number; type: string; detail: string; source: string | null };
    return { time: Number(r.time), type: r.type, detail: r.detail, source: r.source };
  });
}
