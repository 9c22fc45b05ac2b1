/** Rows the SQL console brings back from the engine at most. */
export const CONSOLE_MAX_ROWS = 1000;

/** The console's first query: record counts per topic table, or a hint without tables. */
export function firstQuery(tables: readonly { table: string }[]): string {
  if (tables.length === 0) return 'SELECT 42 AS answer';
  return tables
    .map((t) => {
      const name = t.table.replaceAll("'", "''");
      return `SELECT '${name}' AS topic, count(*) AS records FROM "${t.table.replaceAll('"', '""')}"`;
    })
    .join('\nUNION ALL ');
}

/** A result cell as text: NULL as `NULL`, objects and lists as JSON. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return 'NULL';
  if (typeof cell === 'object') return JSON.stringify(cell);
  return String(cell);
}
