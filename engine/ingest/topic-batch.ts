import type { Data } from 'apache-arrow';
import {
  MEMBER_FALSE,
  MEMBER_NULL,
  MEMBER_NUMBER,
  MEMBER_STRING,
  MEMBER_TRUE,
} from './scan/payload-scan.ts';
import { type RecordingLineScanner } from './scan/line-scan.ts';
import { int32Column, int64Column, int64FromFloat64 } from './arrow-columns.ts';
import { BoolBuilder, NumberBuilder, TextBuilder, isValid } from './column-builders.ts';

/** The DuckDB type of a column holding a top-level JSON field. */
export type FieldType = 'DOUBLE' | 'BOOLEAN' | 'VARCHAR';

/** A batch's rows as Arrow columns, kept until the delivery order is known. */
export interface SealedBatch {
  length: number;
  /** `_partition, _offset, _ts, _key, _traceparent, _value, _headers` */
  meta: Data[];
  /** per JSON field, in the narrowest type its values in this batch allow */
  fields: Map<string, { type: FieldType; data: Data }>;
}

const TWO_32 = 2 ** 32;

/** Rows in a topic's first batch; each next batch doubles, up to the batch size. */
const FIRST_BATCH_ROWS = 1024;

/**
 * Rows of one topic being collected: the per-record meta values and one builder per top-level
 * JSON field. `seal` hands the columns over and starts afresh; the next batch's columns are
 * allocated when its first row comes (a live source's append may end with a seal).
 */
export class TopicBatch {
  length = 0;
  /** rows this batch takes; small at first, so that small topics allocate little */
  capacity: number;
  private partitions!: Int32Array;
  private offsets!: BigInt64Array;
  /** `offsets` as 32-bit halves, low first, for offsets written from doubles */
  private offsetWords!: Int32Array;
  private timestamps!: NumberBuilder;
  private keys!: TextBuilder;
  private traceparents!: TextBuilder;
  /** `_headers`: the kcat headers array as JSON text, null when none */
  private headers!: TextBuilder;
  /** `_value`: the raw value when it is not a JSON object, else null */
  private rawValues!: TextBuilder;
  private fields = new Map<string, FieldBuilder>();
  private shape: string[] = [];
  private shapeFields: (FieldBuilder | undefined)[] = [];
  /** for scanned lines: this batch's builder per member name id */
  private idFields: (FieldBuilder | undefined)[] = [];
  /** per member name id, the last `addScanned` call that met it: finds duplicate names */
  private idStamps = new Int32Array(64);
  private stamp = 0;
  private readonly memberFields: (FieldBuilder | null)[] = [];
  /** UTF-8 bytes a row of each text column took in the last batch (meta columns by their name) */
  private readonly bytesPerRow = new Map<string, number>();
  /** whether the columns of the batch being collected are allocated (see `start`) */
  private started = false;

  constructor(private readonly maxRows: number) {
    this.capacity = Math.min(FIRST_BATCH_ROWS, maxRows);
  }

  /**
   * Sizes the next batch to `rows` (at least 1, at most the batch size) while this one is empty:
   * a live source sizes each append's batch to it, so a topic with few records allocates little.
   */
  reserve(rows: number): void {
    if (this.length > 0)
      throw new Error('TopicBatch.reserve: the batch holds rows (seal it first)');
    this.capacity = Math.max(1, Math.min(rows, this.maxRows));
    this.started = false;
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  /** Appends a record's meta values and returns its row. */
  addRow(
    partition: number,
    offset: bigint,
    timestamp: number | null,
    key: string | null,
    traceparent: string | null,
    headers: string | null = null,
  ): number {
    if (!this.started) this.start();
    const row = this.length++;
    this.partitions[row] = partition;
    this.offsets[row] = offset;
    if (timestamp !== null) this.timestamps.set(row, timestamp);
    if (key !== null) this.keys.set(row, key);
    if (traceparent !== null) this.traceparents.set(row, traceparent);
    if (headers !== null) this.headers.set(row, headers);
    return row;
  }

  /**
   * Appends the row of the line `line` has just scanned, if its fields all have a builder in
   * this batch already. Returns false, adding nothing, when the line has a field new to the
   * batch or a name twice: then `addRow` and `addFields` must take the record. Use one scanner
   * per batch (its name ids are the batch's).
   */
  addScanned(line: RecordingLineScanner, bytes: Uint8Array): boolean {
    if (!this.started) this.start();
    const members = line.members;
    if (members > 0 && !this.resolveMembers(line)) return false;
    const row = this.length++;
    this.partitions[row] = line.partition;
    const offset = line.offset;
    this.offsetWords[2 * row] = offset >>> 0;
    this.offsetWords[2 * row + 1] = offset / TWO_32;
    const ts = line.timestamp;
    if (!Number.isNaN(ts)) this.timestamps.set(row, ts);
    if (line.keyStart >= 0) this.keys.setBytes(row, bytes, line.keyStart, line.keyEnd);
    if (line.traceparentStart >= 0) {
      this.traceparents.setBytes(row, bytes, line.traceparentStart, line.traceparentEnd);
    }
    if (line.headersStart >= 0) {
      this.headers.setBytes(row, bytes, line.headersStart, line.headersEnd);
    }
    const kinds = line.kinds;
    for (let m = 0; m < members; m++) {
      const field = this.memberFields[m];
      if (!field) continue;
      switch (kinds[m]) {
        case MEMBER_STRING:
          field.addBytes(row, bytes, line.valueStarts[m]!, line.valueEnds[m]!);
          break;
        case MEMBER_NUMBER:
          field.addNumber(row, line.numbers[m]!);
          break;
        case MEMBER_TRUE:
          field.addBool(row, true);
          break;
        case MEMBER_FALSE:
          field.addBool(row, false);
      }
    }
    return true;
  }

  /** Sets the row's `_value`; call at most once per row, before the next row is added. */
  setRawValue(row: number, text: string): void {
    this.rawValues.set(row, text);
  }

  /**
   * Adds the fields of a JSON object to `row`. A field not yet in `known` (the topic's columns)
   * is added to it while it has fewer than `maxFields`; returns false if a field was left out.
   */
  addFields(
    row: number,
    object: Record<string, unknown>,
    known: Set<string>,
    maxFields: number,
  ): boolean {
    // Records of a topic mostly share one key order: remembering it saves two lookups a field.
    const shape = this.shape;
    const shapeFields = this.shapeFields;
    let complete = true;
    let i = 0;
    for (const name in object) {
      const value = object[name];
      let field: FieldBuilder | undefined;
      if (shape[i] === name) field = shapeFields[i];
      else {
        field = this.fields.get(name);
        shape[i] = name;
        shapeFields[i] = field;
      }
      i++;
      if (value === null) continue;
      if (field) {
        field.add(row, value);
        continue;
      }
      if (!known.has(name)) {
        if (known.size >= maxFields) {
          complete = false;
          continue;
        }
        known.add(name);
      }
      field = new FieldBuilder(this.capacity, row, value, this.byteHint(name));
      this.fields.set(name, field);
      shapeFields[i - 1] = field;
    }
    return complete;
  }

  /** `memberFields[m]`: member m's builder, null for a null value; false if one is missing. */
  private resolveMembers(line: RecordingLineScanner): boolean {
    const stamp = ++this.stamp;
    const { nameIds, kinds } = line;
    for (let m = 0; m < line.members; m++) {
      const id = nameIds[m]!;
      if (id >= this.idStamps.length) {
        const bigger = new Int32Array(Math.max(this.idStamps.length * 2, id + 1));
        bigger.set(this.idStamps);
        this.idStamps = bigger;
      }
      if (this.idStamps[id] === stamp) return false;
      this.idStamps[id] = stamp;
      if (kinds[m] === MEMBER_NULL) {
        this.memberFields[m] = null;
        continue;
      }
      let field = this.idFields[id];
      if (field === undefined) {
        field = this.fields.get(line.memberName(line.topic, id));
        if (field === undefined) return false;
        this.idFields[id] = field;
      }
      this.memberFields[m] = field;
    }
    return true;
  }

  /** The batch as Arrow columns; the batch is empty afterwards. */
  seal(): SealedBatch {
    if (!this.started) this.start();
    const n = this.length;
    if (n > 0) {
      this.learn('_key', this.keys);
      this.learn('_traceparent', this.traceparents);
      this.learn('_value', this.rawValues);
      this.learn('_headers', this.headers);
      for (const [name, field] of this.fields) if (field.text) this.learn(name, field.text);
    }
    const meta = [
      int32Column(this.partitions.subarray(0, n)),
      int64Column(this.offsets.subarray(0, n)),
      int64FromFloat64(this.timestamps.values.subarray(0, n), this.timestamps.validity),
      this.keys.finish(n),
      this.traceparents.finish(n),
      this.rawValues.finish(n),
      this.headers.finish(n),
    ];
    const fields = new Map<string, { type: FieldType; data: Data }>();
    for (const [name, field] of this.fields) {
      fields.set(name, { type: field.type, data: field.finish(n) });
    }
    this.capacity = Math.min(this.capacity * 2, this.maxRows);
    this.length = 0;
    this.started = false;
    return { length: n, meta, fields };
  }

  private learn(column: string, text: TextBuilder): void {
    this.bytesPerRow.set(column, text.byteLength / this.length);
  }

  /** Bytes to reserve for a text column of the batch, from what its rows took before. */
  private byteHint(column: string): number | undefined {
    const perRow = this.bytesPerRow.get(column);
    return perRow === undefined ? undefined : this.capacity * perRow * 1.125;
  }

  private start(): void {
    const capacity = this.capacity;
    this.started = true;
    this.length = 0;
    this.partitions = new Int32Array(capacity);
    this.offsets = new BigInt64Array(capacity);
    this.offsetWords = new Int32Array(this.offsets.buffer);
    this.timestamps = new NumberBuilder(capacity);
    this.keys = new TextBuilder(capacity, this.byteHint('_key'));
    this.traceparents = new TextBuilder(capacity, this.byteHint('_traceparent'));
    this.rawValues = new TextBuilder(capacity, this.byteHint('_value'));
    this.headers = new TextBuilder(capacity, this.byteHint('_headers'));
    this.fields = new Map();
    this.idFields = [];
    this.shape = [];
    this.shapeFields = [];
  }
}

/** Text of a JSON value in a VARCHAR column: strings as they are, anything else as JSON. */
export function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One JSON field's values in a batch: DOUBLE while all are numbers, BOOLEAN while all are
 * booleans, else VARCHAR (earlier values are re-written as their JSON text).
 */
class FieldBuilder {
  type: FieldType;
  private numbers: NumberBuilder | null = null;
  private bools: BoolBuilder | null = null;
  text: TextBuilder | null = null;

  /** `byteHint`: bytes to reserve should the column be text (see `TextBuilder`). */
  constructor(
    private readonly capacity: number,
    row: number,
    value: unknown,
    private readonly byteHint: number | undefined,
  ) {
    const kind = typeof value;
    if (kind === 'number') {
      this.type = 'DOUBLE';
      this.numbers = new NumberBuilder(capacity);
    } else if (kind === 'boolean') {
      this.type = 'BOOLEAN';
      this.bools = new BoolBuilder(capacity);
    } else {
      this.type = 'VARCHAR';
      this.text = new TextBuilder(capacity, byteHint);
    }
    this.add(row, value);
  }

  add(row: number, value: unknown): void {
    if (this.numbers) {
      if (typeof value === 'number') return this.numbers.set(row, value);
      this.toText(row);
    } else if (this.bools) {
      if (typeof value === 'boolean') return this.bools.set(row, value);
      this.toText(row);
    }
    this.text!.set(row, fieldText(value));
  }

  addNumber(row: number, value: number): void {
    if (this.numbers) return this.numbers.set(row, value);
    if (this.bools) this.toText(row);
    this.text!.set(row, fieldText(value));
  }

  addBool(row: number, value: boolean): void {
    if (this.bools) return this.bools.set(row, value);
    if (this.numbers) this.toText(row);
    this.text!.set(row, fieldText(value));
  }

  /** A string value, as its UTF-8 `bytes[start, end)`. */
  addBytes(row: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.numbers || this.bools) this.toText(row);
    this.text!.setBytes(row, bytes, start, end);
  }

  finish(length: number): Data {
    if (this.numbers) return this.numbers.finish(length);
    if (this.bools) return this.bools.finish(length);
    return this.text!.finish(length);
  }

  /** Mixed types: the rows before `row` become text. */
  private toText(row: number): void {
    const text = new TextBuilder(this.capacity, this.byteHint);
    const { numbers, bools } = this;
    for (let r = 0; r < row; r++) {
      if (numbers && isValid(numbers.validity, r)) text.set(r, fieldText(numbers.values[r]));
      if (bools && isValid(bools.validity, r)) text.set(r, fieldText(isValid(bools.bits, r)));
    }
    this.numbers = null;
    this.bools = null;
    this.text = text;
    this.type = 'VARCHAR';
  }
}
