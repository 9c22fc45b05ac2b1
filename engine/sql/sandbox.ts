import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { AUTOMATIC_CHECKPOINT_THRESHOLD } from '../ingest/checkpoints.ts';

/**
 * DuckDB's own settings that keep every query — the engine's, a workbook's, the console's —
 * inside the database's in-memory tables. With external access off, DuckDB refuses to open any
 * file or URL (COPY, EXPORT DATABASE, ATTACH of a file, read_text/read_csv/read_blob/glob,
 * `FROM 'file.csv'`) and to load extensions; the JSON extension and friends would be fetched
 * from the internet, so none is installed or loaded either. Locking the configuration last means
 * no later SET, RESET or PRAGMA can turn any of this back on.
 */
export const SANDBOX_SETTINGS: readonly (readonly [name: string, value: boolean])[] = [
  ['autoinstall_known_extensions', false],
  ['autoload_known_extensions', false],
  ['allow_community_extensions', false],
  ['allow_unsigned_extensions', false],
  ['enable_external_access', false],
  ['lock_configuration', true],
];

/**
 * Applies `SANDBOX_SETTINGS` to the database behind `conn` (they are global: every connection
 * gets them) and locks its configuration; before locking it, it also raises DuckDB's automatic
 * checkpoint threshold out of reach, as a live source and a recording being loaded checkpoint
 * themselves (`CheckpointBudget`).
 * Everything the engine does afterwards — creating and dropping its in-memory tables, inserting
 * Arrow batches, querying — works within them. A database already locked (a second engine on
 * the same bindings) is accepted only when it holds the same settings; otherwise this throws,
 * naming the setting.
 */
export function sandboxDuckDB(conn: Pick<DuckDBConnection, 'query'>): void {
  const current = currentSettings(conn);
  if (current.get('lock_configuration') !== true) {
    conn.query(`SET GLOBAL checkpoint_threshold = '${AUTOMATIC_CHECKPOINT_THRESHOLD}'`);
    for (const [name, value] of SANDBOX_SETTINGS) conn.query(`SET GLOBAL ${name} = ${value}`);
  }
  const now = currentSettings(conn);
  for (const [name, value] of SANDBOX_SETTINGS) {
    if (now.get(name) !== value) {
      throw new Error(
        `DuckDB is not sandboxed: ${name} is ${String(now.get(name))} (expected ${value}) and the configuration is locked`,
      );
    }
  }
}

function currentSettings(conn: Pick<DuckDBConnection, 'query'>): Map<string, boolean> {
  const names = SANDBOX_SETTINGS.map(([name]) => `'${name}'`).join(', ');
  const table = conn.query(
    `SELECT name, lower(value) = 'true' AS on FROM duckdb_settings() WHERE name IN (${names})`,
  );
  const settings = new Map<string, boolean>();
  for (const row of table.toArray() as { name: string; on: boolean }[]) {
    settings.set(row.name, row.on);
  }
  return settings;
}
