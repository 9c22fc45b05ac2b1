import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { quoteIdent } from '../sql/sql.ts';
import { TopicBatch, type FieldType, type SealedBatch } from './topic-batch.ts';
import { TopicTable } from './topic-table.ts';
import type { CheckpointBudget } from './checkpoints.ts';

/** Rows per sealed batch of one topic within one append. */
const LIVE_BATCH_ROWS = 8192;

/**
 * One topic's table of a live source, appended to batch by batch. Rows gather in a
 * `TopicBatch` (one for the source's life, sized to each append, so a topic with few records
 * allocates little, and its text columns reserve what their rows took before) and a
 * `TopicTable` inserts them; between inserts the DuckDB table is altered to match: a column for
 * each new field, and a column widened to text when a field's values changed type.
 */
export class LiveTopicTable {
  /** fields that have (or will have, at the next insert) a column */
  readonly fieldNames = new Set<string>();
  private readonly table: TopicTable;
  /** field column → its type in DuckDB now */
  private readonly inDuckDB = new Map<string, FieldType>();
  private readonly rows = new TopicBatch(LIVE_BATCH_ROWS);
  private created = false;

  constructor(
    private readonly conn: DuckDBConnection,
    /** the DuckDB table's name (see `TableNames`) */
    readonly name: string,
    checkpoints: CheckpointBudget,
  ) {
    this.table = new TopicTable(conn, name, checkpoints);
  }

  /** Gets ready for `rows` more records (call before adding them). */
  expect(rows: number): void {
    if (this.rows.length > 0) this.table.add(this.rows.seal());
    this.rows.reserve(rows);
  }

  /** The batch that takes the next row. */
  get batch(): TopicBatch {
    return this.rows;
  }

  /** After each row: hands a full batch to the table. */
  rowAdded(): void {
    if (this.rows.full) this.table.add(this.rows.seal());
  }

  /** Field columns (lower-cased names), as the metrics' requirements are checked. */
  columnNames(): Set<string> {
    return this.table.columnNames();
  }

  /**
   * Inserts a batch sealed elsewhere (a recording's rows, as it is read), with its delivery
   * columns; altering the table first if its columns changed, as `insert` does.
   */
  insertBatch(batch: SealedBatch, seq: Float64Array, streamTimes: Float64Array): void {
    this.table.add(batch);
    this.insert(seq, streamTimes);
  }

  /** See `TopicTable.deliver`. */
  deliver(seq: Float64Array, streamTimes: Float64Array): void {
    this.table.deliver(seq, streamTimes);
  }

  /** See `TopicTable.deleteLeftOut`. */
  deleteLeftOut(): void {
    this.table.deleteLeftOut();
  }

  /** See `TopicTable.drop`. */
  drop(): void {
    this.table.drop();
  }

  /**
   * Inserts the rows added since the last insert, with their delivery columns (`seq[k]`,
   * `streamTimes[k]` for the `k`-th row), altering the table first if its columns changed.
   */
  insert(seq: Float64Array, streamTimes: Float64Array): void {
    if (this.rows.length > 0) this.table.add(this.rows.seal());
    const name = quoteIdent(this.name);
    for (const { column, type } of this.table.fieldColumns) {
      const was = this.inDuckDB.get(column);
      if (was === type) continue;
      this.inDuckDB.set(column, type);
      if (!this.created) continue;
      const col = quoteIdent(column);
      if (was === undefined) {
        this.conn.query(`ALTER TABLE ${name} ADD COLUMN ${col} ${type}`);
      } else {
        this.conn.query(
          `ALTER TABLE ${name} ALTER COLUMN ${col} SET DATA TYPE VARCHAR USING ${asJsonText(col, was)}`,
        );
      }
    }
    this.table.finish(seq, streamTimes);
    this.created = true;
  }
}

/**
 * A column's values as the JSON text a recording's ingest writes for a field of mixed type
 * (`fieldText`): booleans as `true`/`false`, whole numbers without `.0`. Very large or small
 * numbers may differ from JavaScript's exponent notation.
 */
function asJsonText(col: string, type: FieldType): string {
  if (type !== 'DOUBLE') return `CAST(${col} AS VARCHAR)`;
  return `CASE WHEN ${col} = trunc(${col}) AND abs(${col}) < 1e21 THEN CAST(CAST(${col} AS HUGEINT) AS VARCHAR) ELSE CAST(${col} AS VARCHAR) END`;
}
