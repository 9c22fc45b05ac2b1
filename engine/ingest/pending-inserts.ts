import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { SnapshotTable } from './source-snapshot.ts';

/**
 * A source's rows still to insert, table by table in row order (a `SourceSnapshot`'s chunks).
 * A replay reads the records delivered so far (`_seq < delivered`), so a frame near the start
 * needs only the chunks holding them: `ensure` inserts until every row below a delivery count is
 * in its table, and `completeAll` inserts the rest, before anything that reads whole tables.
 */
export class PendingInserts {
  /** per table, how many of its chunks are inserted */
  private readonly inserted: number[];

  constructor(
    private readonly conn: Pick<DuckDBConnection, 'insertArrowFromIPCStream'>,
    private readonly tables: readonly SnapshotTable[],
  ) {
    this.inserted = tables.map(() => 0);
  }

  get done(): boolean {
    return this.tables.every((t, i) => this.inserted[i] === t.chunks.length);
  }

  /** Creates every table with its first chunk: from here on SQL can name them. */
  createTables(): void {
    for (let i = 0; i < this.tables.length; i++) if (this.inserted[i] === 0) this.insertNext(i);
  }

  /** Inserts every chunk of `table` (one replay reads whole: the workbook's events). */
  completeTable(table: string): void {
    const i = this.tables.findIndex((t) => t.table === table);
    if (i >= 0) while (this.inserted[i]! < this.tables[i]!.chunks.length) this.insertNext(i);
  }

  /** Inserts until every row with `_seq < delivered` is in its table. */
  ensure(delivered: number): void {
    for (;;) {
      let table = -1;
      let low = Infinity;
      for (let i = 0; i < this.tables.length; i++) {
        const next = this.nextSeq(i);
        if (next < low) [table, low] = [i, next];
      }
      if (table < 0 || low >= delivered) return;
      this.insertNext(table);
    }
  }

  completeAll(): void {
    this.ensure(Infinity);
  }

  /** The smallest `_seq` among table `i`'s rows not inserted yet (Infinity when none). */
  private nextSeq(i: number): number {
    const t = this.tables[i]!;
    const k = this.inserted[i]!;
    return k === 0 ? t.minSeq : t.chunks[k - 1]!.minSeqAfter;
  }

  private insertNext(i: number): void {
    const t = this.tables[i]!;
    const k = this.inserted[i]!;
    if (k >= t.chunks.length) return;
    this.conn.insertArrowFromIPCStream(t.chunks[k]!.ipc, { name: t.table, create: k === 0 });
    this.inserted[i] = k + 1;
  }
}
