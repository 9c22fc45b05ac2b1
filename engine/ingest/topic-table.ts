import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { Bool, Float64, Utf8, makeVector, type Data } from 'apache-arrow';
import { int64FromFloat64, ipcStreamOf, nullColumn, utf8Column } from './arrow-columns.ts';
import { META_COLUMNS } from './meta-columns.ts';
import { quoteIdent } from '../sql/sql.ts';
import { fieldText, type FieldType, type SealedBatch } from './topic-batch.ts';
import type { CheckpointBudget } from './checkpoints.ts';

/** Above this many field columns, a record with further fields keeps its raw text in `_value`. */
export const MAX_FIELD_COLUMNS = 400;

/**
 * Rows of the Arrow insert that creates the table in DuckDB (its first): creating is about
 * twice as fast as appending; a bigger chunk costs transient memory (JS + WASM).
 */
const CREATE_CHUNK_ROWS = 1 << 18;

/**
 * Rows per later (appending) insert: under DuckDB's row group (122,880 rows). An append of a
 * row group or more took DuckDB-WASM about 3 times as long per row as smaller ones (measured on
 * the orders of a 931,639-record kitchen recording: 6 µs a row for 300k rows at once, 2.3 µs in
 * inserts of 100k).
 */
const APPEND_CHUNK_ROWS = 100_000;

/** Rows whose delivery columns `deliver` sets in one UPDATE. */
const DELIVER_CHUNK_ROWS = 1 << 20;

/**
 * The `_seq` a row inserted before the delivery order is known holds until `deliver`: below -1
 * (a record left out), so that no delivery index nor a left-out record's -1 can be taken for one.
 */
export function placeholderSeq(k: number): number {
  return -2 - k;
}

interface FieldColumn {
  name: string;
  column: string;
  type: FieldType;
}

/**
 * One topic's table, built once the whole source is read: its batches wait as Arrow columns
 * until the delivery order gives `_seq` and `_stream_ts`.
 *
 * JSON fields become columns in the order they are discovered (number → DOUBLE, string →
 * VARCHAR, boolean → BOOLEAN, object/array → VARCHAR holding JSON text). A field whose values
 * disagree in type gets a VARCHAR column holding every value's text, so nothing is lost. Column
 * names are the field names, made unique ignoring case (DuckDB's rule) with `_2`, `_3`….
 */
export class TopicTable {
  private readonly fields = new Map<string, FieldColumn>();
  private readonly order: FieldColumn[] = [];
  private readonly usedNames = new Set<string>(META_COLUMNS.map((c) => c.toLowerCase()));
  private readonly batches: SealedBatch[] = [];
  private created = false;

  constructor(
    private readonly conn: DuckDBConnection,
    /** the DuckDB table's name (see `TableNames`) */
    readonly name: string,
    /** the source's checkpoints, counting this table's inserts (none: never checkpointed here) */
    private readonly checkpoints: CheckpointBudget | null = null,
  ) {}

  /** Field columns (names and types) of the table, in table order. */
  get fieldColumns(): readonly FieldColumn[] {
    return this.order;
  }

  /** Field columns (lower-cased names), as the metrics' requirements are checked. */
  columnNames(): Set<string> {
    return new Set(this.order.map((c) => c.column.toLowerCase()));
  }

  add(batch: SealedBatch): void {
    if (batch.length === 0) return;
    for (const [name, { type }] of batch.fields) {
      const column = this.fields.get(name);
      if (!column) {
        const added = { name, column: this.uniqueName(name), type };
        this.fields.set(name, added);
        this.order.push(added);
      } else if (column.type !== type) column.type = 'VARCHAR';
    }
    this.batches.push(batch);
  }

  /**
   * Creates the table from the batches and their delivery columns (`seq[k]`, `streamTimes[k]`
   * for the topic's `k`-th row), in chunks, releasing each chunk's batches once inserted.
   */
  finish(seq: Float64Array, streamTimes: Float64Array): void {
    const names = [...META_COLUMNS, ...this.order.map((c) => c.column)];
    let row = 0;
    let chunk: Data[][] = [];
    let chunkRows = 0;
    for (let batch = this.batches.shift(); batch; batch = this.batches.shift()) {
      const end = row + batch.length;
      chunk.push([
        int64FromFloat64(seq.subarray(row, end), null),
        int64FromFloat64(streamTimes.subarray(row, end), null),
        ...batch.meta,
        ...this.order.map((c) => conform(batch!, c)),
      ]);
      row = end;
      chunkRows += batch.length;
      const limit = this.created ? APPEND_CHUNK_ROWS : CREATE_CHUNK_ROWS;
      const next = this.batches[0]?.length ?? 0;
      if (chunkRows >= limit || chunkRows + next > limit || next === 0) {
        const ipc = ipcStreamOf(names, chunk);
        this.conn.insertArrowFromIPCStream(ipc, { name: this.name, create: !this.created });
        this.created = true;
        this.checkpoints?.inserted(ipc.length);
        chunk = [];
        chunkRows = 0;
      }
    }
  }

  /**
   * Sets the delivery columns of a table whose rows were inserted before the delivery order was
   * known, with `_seq` = {@link placeholderSeq}(k) for the topic's `k`-th row: `_seq = seq[k]`,
   * `_stream_ts = streamTimes[k]`, a chunk of rows at a time (each chunk's updates count against
   * the checkpoints, so they are merged into the compressed columns as they go).
   */
  deliver(seq: Float64Array, streamTimes: Float64Array): void {
    if (!this.created) return;
    const table = quoteIdent(this.name);
    this.conn.query('CREATE SCHEMA IF NOT EXISTS tapedeck');
    // Left behind only by a load that failed in here.
    this.conn.query('DROP TABLE IF EXISTS tapedeck.delivery_in');
    for (let from = 0; from < seq.length; from += DELIVER_CHUNK_ROWS) {
      const to = Math.min(seq.length, from + DELIVER_CHUNK_ROWS);
      const k = new Float64Array(to - from);
      for (let i = 0; i < k.length; i++) k[i] = placeholderSeq(from + i);
      const ipc = ipcStreamOf(
        ['k', 'seq', 'st'],
        [
          [
            int64FromFloat64(k, null),
            int64FromFloat64(seq.subarray(from, to), null),
            int64FromFloat64(streamTimes.subarray(from, to), null),
          ],
        ],
      );
      this.conn.insertArrowFromIPCStream(ipc, {
        schema: 'tapedeck',
        name: 'delivery_in',
        create: true,
      });
      // Placeholders run downwards from -2: the chunk's are [placeholderSeq(to - 1), placeholderSeq(from)].
      this.conn.query(
        `UPDATE ${table} SET _seq = d.seq, _stream_ts = d.st FROM tapedeck.delivery_in d
         WHERE ${table}._seq = d.k AND ${table}._seq BETWEEN ${placeholderSeq(to - 1)} AND ${placeholderSeq(from)}`,
      );
      this.conn.query('DROP TABLE tapedeck.delivery_in');
      this.checkpoints?.inserted(ipc.length);
    }
  }

  /** Deletes the rows `finish` was given a `_seq` of -1 for: records left out of the replay. */
  deleteLeftOut(): void {
    if (this.created) this.conn.query(`DELETE FROM ${quoteIdent(this.name)} WHERE _seq < 0`);
  }

  /** Drops the topic's table if this load created it. */
  drop(): void {
    this.batches.length = 0;
    if (this.created) this.conn.query(`DROP TABLE IF EXISTS ${quoteIdent(this.name)}`);
  }

  private uniqueName(name: string): string {
    const base = name === '' ? '(empty)' : name;
    let candidate = base;
    for (let n = 2; this.usedNames.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    this.usedNames.add(candidate.toLowerCase());
    return candidate;
  }
}

/** A batch's column for a field, in the table's type (text when the table widened it). */
function conform(batch: SealedBatch, column: FieldColumn): Data {
  const field = batch.fields.get(column.name);
  if (!field) return nullColumn(arrowType(column.type), batch.length);
  if (field.type === column.type) return field.data;
  const vector = makeVector(field.data);
  const texts = new Array<string | null>(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const value: unknown = vector.get(i);
    texts[i] = value === null ? null : fieldText(value);
  }
  return utf8Column(texts, batch.length);
}

function arrowType(type: FieldType) {
  if (type === 'DOUBLE') return new Float64();
  if (type === 'BOOLEAN') return new Bool();
  return new Utf8();
}
