import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { RecordBatchReader, Table } from 'apache-arrow';
import {
  pointAtUserSql,
  readOnlyStatement,
  toQueryResult,
  type ReadOnlyConnection,
} from './read-only-sql.ts';
import type { QueryResult } from '../contract.ts';

/** What a console query needs of a connection: the checks, and the bindings for pending queries. */
export type ConsoleConnection = ReadOnlyConnection & Pick<DuckDBConnection, 'useUnsafe'>;

/** A console query's handle: `cancel()` stops it at DuckDB's next poll (about every 100 ms). */
export interface ConsoleRun {
  cancelled: boolean;
}

/** Thrown when a console query was cancelled. */
export class QueryCancelled extends Error {
  constructor(readonly afterMs: number) {
    super(`query cancelled after ${(afterMs / 1000).toFixed(1)} s`);
    this.name = 'QueryCancelled';
  }
}

/**
 * Runs `sql` as `readOnlyQuery` does (same checks, same sandbox), but as a DuckDB pending query
 * polled step by step, yielding to the event loop between polls: a `cancelQuery` message reaching
 * the worker meanwhile sets `run.cancelled`, and the next step cancels the query inside DuckDB
 * (`cancelPendingQuery`), leaving the connection usable. Errors point at the user's text.
 */
export async function runConsoleQuery(
  conn: ConsoleConnection,
  sql: string,
  run: ConsoleRun,
  maxRows?: number,
): Promise<QueryResult> {
  const checked = readOnlyStatement(conn, sql);
  checked.prepared.close();
  const t0 = Date.now();
  const [bindings, id] = conn.useUnsafe((b, c) => [b, c] as const);
  let header: Uint8Array | null;
  try {
    header = bindings.startPendingQuery(id, checked.statement, false);
    while (header === null) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (run.cancelled) {
        bindings.cancelPendingQuery(id);
        throw new QueryCancelled(Date.now() - t0);
      }
      header = bindings.pollPendingQuery(id);
    }
  } catch (err) {
    if (err instanceof QueryCancelled) throw err;
    throw pointAtUserSql(err, checked);
  }
  const chunks: Uint8Array[] = [header];
  for (;;) {
    let chunk: Uint8Array | null = null;
    do chunk = bindings.fetchQueryResults(id);
    while (chunk === null);
    if (chunk.length === 0) break;
    chunks.push(chunk);
  }
  const reader = RecordBatchReader.from(chunks);
  reader.open();
  const batches = [...reader];
  const table = batches.length > 0 ? new Table(batches) : new Table(reader.schema);
  const types = table.schema.fields.map((f) => String(f.type));
  if (maxRows !== undefined && table.numRows > maxRows) {
    return { ...toQueryResult(table.slice(0, maxRows)), types, totalRows: table.numRows };
  }
  return { ...toQueryResult(table), types };
}
