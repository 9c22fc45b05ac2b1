import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import {
  lineStop,
  parseRecordingLine,
  readRecordingBlocks,
  type MalformedLine,
} from '../../formats/index.ts';
import { RecordingLineScanner } from './scan/line-scan.ts';
import type { KafkaRecord } from '../../formats/index.ts';
import type { PartitionStats, RecordFault } from '../contract.ts';
import { ENGINE_DEFAULTS } from '../defaults.ts';
import { forgetSourceBytes } from './column-builders.ts';
import { deliveryOrder } from './delivery-order.ts';
import { duplicateOffsets } from './duplicate-offsets.ts';
import { invalidUtf8At, loneSurrogateField } from './invalid-text.ts';
import { firstFaults, RecordLines } from './record-faults.ts';
import { SourceTape } from './source-tape.ts';
import { TableNames } from './table-names.ts';
import { OUTLIER_KINDS, outlierReason, timestampOutliers } from './timestamp-outliers.ts';
import { TopicBatch } from './topic-batch.ts';
import { addRecordRow } from './record-row.ts';
import {
  countPartitionRecord,
  MALFORMED_LINES_KEPT,
  partitionCounts,
  partitionStats,
  type PartitionCounts,
} from './source-counts.ts';
import { placeholderSeq, TopicTable } from './topic-table.ts';
import { LiveTopicTable } from './live-topic-table.ts';
import type { CheckpointBudget } from './checkpoints.ts';
import { RecordKind, valueKindOf } from './record-kinds.ts';

const NEWLINE = 0x0a;

/** Rows per Arrow record batch (and per slice of an in-memory source). */
export const INSERT_BATCH_ROWS = ENGINE_DEFAULTS.insertBatchRows;

// Per record, what `finish` must take back from its partition's counts if it leaves it out
// (and what the events browser filters on: see `RecordKind`).
const { TOMBSTONE, BASE64, NOT_TEXT, BAD_JSON: BAD_VALUE, DUPLICATED } = RecordKind;

/** What a finished ingest knows about the source. */
export interface IngestResult {
  tape: SourceTape;
  /** per record in source order, NaN when absent or left out: for the timeline histogram */
  timestamps: Float64Array;
  /** first and last timestamp of the records replayed (0 when none has one) */
  start: number;
  end: number;
  partitions: PartitionStats[];
  /** topic → its table's field columns (lower-cased names) */
  topics: Map<string, Set<string>>;
  /** topic → its DuckDB table (see `TableNames`) */
  tables: Map<string, string>;
  /** lines read by `addRecording` (records given to `add`), blank ones included */
  linesRead: number;
  blankLines: number;
  /** records read but left out of the replay: duplicates and outlier timestamps */
  excludedRecords: number;
  /** the first faults of records, in line order (see `SourceSummary.faults`) */
  faults: RecordFault[];
  faultCount: number;
  /** the delivered records whose `RecordKind` is not 0: delivery indices ascending, and kinds */
  kinds: { seqs: Float64Array; kinds: Uint8Array };
  /**
   * Per delivery index, where its line is in a recording read by `addRecording`: the byte
   * offset of its start in the uncompressed source (after a leading BOM) and its 1-based line
   * number. Null when records came through `add` (no source text).
   */
  lines: { starts: Float64Array; numbers: Int32Array } | null;
}

interface PartitionState extends PartitionCounts {
  /** in the ingest's partition list */
  index: number;
  /** the largest offset read so far, as a double */
  maxOffset: number;
  /** whether an offset was not above every one before it: duplicates are looked for */
  unordered: boolean;
}

/** Options for `Ingest.addRecording`. */
export interface AddRecordingOptions {
  /** Called as the source is consumed, with the bytes read from it so far. */
  onProgress?: (bytesRead: number) => void;
}

interface TopicState {
  topic: string;
  table: TopicTable;
  batch: TopicBatch;
  partitions: Map<number, PartitionState>;
  /** fields that have (or will have, at the next insert) a column */
  fieldNames: Set<string>;
  /** source index of each of the topic's rows, in row order */
  rows: GrowableInt32;
  /** the table rows go into as each batch fills, when the ingest streams (else `table` holds them) */
  streamed: LiveTopicTable | null;
  /** rows inserted into `streamed` so far */
  inserted: number;
}

/**
 * Reads records into one DuckDB table per topic (see `TopicTable` for the columns, `TableNames`
 * for the tables' names). Values are parsed here, never by DuckDB, into Arrow columns:
 * `addRecording` copies the fields of lines of the common shape straight from the recording's
 * bytes, `add` (and any other line) goes through `JSON.parse`, with the same result. `finish`
 * leaves out the records that repeat an earlier record's partition and offset, and those whose
 * timestamp is an outlier (see `timestampOutliers`), listing each as a fault with its line;
 * computes the delivery order of the rest; and creates the tables. `abort` drops what was
 * created.
 */
export class Ingest {
  private readonly topics = new Map<string, TopicState>();
  private readonly tableNames = new TableNames();
  private readonly partitionList: PartitionState[] = [];
  private readonly partitionOf = new GrowableInt32();
  private timestamps: Float64Array = new Float64Array(1 << 16);
  /** per record: its offset as a double (exact below 2^53; `exactOffsets` has the others) */
  private offsets: Float64Array = new Float64Array(1 << 16);
  private readonly exactOffsets = new Map<number, bigint>();
  /** per record: its `RecordKind` bits */
  private kinds: Uint8Array = new Uint8Array(1 << 16);
  /** per record: the byte offset of its line (see `IngestResult.lines`), NaN for `add` */
  private lineStarts: Float64Array = new Float64Array(1 << 16);
  /** the byte offset of the line being read; NaN outside `addRecording` */
  private lineStart = NaN;
  private sawLines = false;
  private count = 0;
  private readonly lines = new RecordLines();
  private linesRead = 0;
  private blankLines = 0;
  /** records whose text was not valid UTF-8: indices, and the first reasons */
  private readonly invalidText = new GrowableInt32();
  private readonly invalidTextReasons: string[] = [];
  /** reads the lines of `addRecording`; its topic and name ids stay valid for the ingest's life */
  private readonly scanner = new RecordingLineScanner();
  /** by the scanner's topic id */
  private readonly scannedTopics: TopicState[] = [];

  /**
   * With `checkpoints`, the ingest streams: each batch goes into DuckDB as soon as it fills (its
   * `_seq` a placeholder until `finish` knows the delivery order) and the checkpoints compress
   * the tables as they grow, so neither the Arrow columns of the whole source nor its
   * uncompressed tables are ever held. Without, the batches wait as Arrow columns and `finish`
   * inserts them with their delivery columns (faster; memory grows with the source).
   */
  constructor(
    private readonly conn: DuckDBConnection,
    private readonly batchRows: number = INSERT_BATCH_ROWS,
    private readonly checkpoints: CheckpointBudget | null = null,
  ) {}

  get records(): number {
    return this.count;
  }

  /** Adds records already decoded; each counts as a line read. */
  add(records: readonly KafkaRecord[]): void {
    for (const r of records) this.addRecord(r, null);
    this.linesRead += records.length;
  }

  /**
   * Reads a recording (plain or gzip NDJSON, as `readRecording` reads it) straight into the
   * topic columns, without record objects for the lines of the common shape. Yields the
   * malformed lines of each stretch of the source read, in file order.
   */
  async *addRecording(
    source: Uint8Array | ReadableStream<Uint8Array>,
    options: AddRecordingOptions = {},
  ): AsyncGenerator<MalformedLine[]> {
    const line = this.scanner;
    // ignoreBOM: a BOM after the file's start stays in its line, which is then malformed.
    const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    let lineNo = this.linesRead + 1;
    // Where each block starts in the uncompressed source: lines are found again from it.
    let base = 0;
    this.sawLines = true;
    try {
      for await (const bytes of readRecordingBlocks(source, options.onProgress)) {
        const malformed: MalformedLine[] = [];
        for (let start = 0; start < bytes.length; lineNo++) {
          this.lineStart = base + start;
          let end = line.scan(bytes, start);
          // The scanner declines every line that is not valid UTF-8.
          if (end < 0 || !this.addScanned(line, bytes)) {
            if (end < 0) end = lineEnd(bytes, start);
            const stop = lineStop(bytes, start, end);
            let parsed: KafkaRecord | MalformedLine | null = null;
            let invalid: string | null = null;
            if (stop > start) {
              const text = bytes.subarray(start, stop);
              let decoded: string;
              try {
                decoded = strict.decode(text);
              } catch {
                decoded = lenient.decode(text);
                invalid = `invalid UTF-8 at byte ${invalidUtf8At(bytes, start, stop) + 1} of the line: loaded with U+FFFD in its place`;
              }
              parsed = parseRecordingLine(decoded, lineNo);
            }
            if (parsed === null) {
              this.blankLines++;
              this.lines.skip(this.count);
            } else if ('topic' in parsed) this.addRecord(parsed, invalid);
            else {
              malformed.push(parsed);
              this.lines.skip(this.count);
            }
          }
          start = end + 1;
        }
        base += bytes.length;
        yield malformed;
      }
    } finally {
      this.lineStart = NaN;
      this.linesRead = lineNo - 1;
      line.release();
      forgetSourceBytes();
    }
  }

  finish(): IngestResult {
    for (const topic of this.topics.values()) this.flush(topic);
    const n = this.count;
    const timestamps = this.timestamps.subarray(0, n);
    const partitionOf = this.partitionOf.view();
    const left = this.leaveOut(timestamps, partitionOf);

    let start = Infinity;
    let end = -Infinity;
    for (const ts of timestamps) {
      if (ts < start) start = ts;
      if (ts > end) end = ts;
    }
    if (start > end) start = end = 0;
    const order = deliveryOrder(partitionOf, timestamps, this.partitionList.length, start);
    const topics = new Map<string, Set<string>>();
    for (const [name, topic] of this.topics) {
      const rows = topic.rows.view();
      const seq = new Float64Array(rows.length);
      const streamTimes = new Float64Array(rows.length);
      let leftOut = false;
      for (let k = 0; k < rows.length; k++) {
        const at = order.seqOf[rows[k]!]!;
        seq[k] = at;
        if (at >= 0) streamTimes[k] = order.streamTimes[at]!;
        else leftOut = true;
      }
      const table = topic.streamed ?? topic.table;
      if (topic.streamed) topic.streamed.deliver(seq, streamTimes);
      else topic.table.finish(seq, streamTimes);
      if (leftOut) table.deleteLeftOut();
      topics.set(name, table.columnNames());
    }
    this.checkpoints?.checkpoint();
    return {
      tape: new SourceTape(order.streamTimes),
      ...this.bySeq(order.seqOf, order.streamTimes.length),
      timestamps,
      start,
      end,
      partitions: this.partitionList.map(partitionStats),
      topics,
      tables: this.tableNames.entries(),
      linesRead: this.linesRead,
      blankLines: this.blankLines,
      ...left,
    };
  }

  /** The kinds and lines of the delivered records, by delivery index (see `IngestResult`). */
  private bySeq(seqOf: Int32Array, delivered: number): Pick<IngestResult, 'kinds' | 'lines'> {
    let marked = 0;
    for (let i = 0; i < seqOf.length; i++) if (seqOf[i]! >= 0 && this.kinds[i] !== 0) marked++;
    const seqs = new Float64Array(marked);
    const kinds = new Uint8Array(marked);
    const lines = this.sawLines
      ? { starts: new Float64Array(delivered).fill(NaN), numbers: new Int32Array(delivered) }
      : null;
    let k = 0;
    for (let i = 0; i < seqOf.length; i++) {
      const seq = seqOf[i]!;
      if (seq < 0) continue;
      if (this.kinds[i] !== 0) {
        seqs[k] = seq;
        kinds[k++] = this.kinds[i]!;
      }
      if (lines && !Number.isNaN(this.lineStarts[i]!)) {
        lines.starts[seq] = this.lineStarts[i]!;
        lines.numbers[seq] = this.lines.lineOf(i);
      }
    }
    // By delivery index: sorted together.
    const order = Array.from(seqs.keys()).sort((a, b) => seqs[a]! - seqs[b]!);
    return {
      kinds: {
        seqs: Float64Array.from(order, (j) => seqs[j]!),
        kinds: Uint8Array.from(order, (j) => kinds[j]!),
      },
      lines,
    };
  }

  /**
   * Finds the records to leave out — repeats of an earlier record's partition and offset, then
   * outlier timestamps among the rest — and takes them out: partition -1 and timestamp NaN, off
   * their partition's counts (which count them as duplicates or outliers instead). Lists them
   * with the records of invalid text as faults.
   */
  private leaveOut(
    timestamps: Float64Array,
    partitionOf: Int32Array,
  ): Pick<IngestResult, 'excludedRecords' | 'faults' | 'faultCount'> {
    const n = timestamps.length;
    const check = new Set<number>();
    for (const p of this.partitionList) if (p.unordered) check.add(p.index);
    const duplicates = duplicateOffsets(partitionOf, this.offsets, this.exactOffsets, check);
    let skip: Uint8Array | undefined;
    if (duplicates.size > 0) {
      skip = new Uint8Array(n);
      for (const i of duplicates.keys()) skip[i] = 1;
    }
    const outliers = timestampOutliers(timestamps, skip);
    const duplicateIndices = Int32Array.from(duplicates.keys()).sort();
    for (const first of duplicates.values()) this.kinds[first]! |= DUPLICATED;
    const where = (i: number) => {
      const p = this.partitionList[partitionOf[i]!]!;
      return { topic: p.topic, partition: p.partition };
    };
    const invalidText = this.invalidText.view();
    const faults = firstFaults(
      [
        {
          kind: 'invalid-utf8',
          indices: invalidText.subarray(0, this.invalidTextReasons.length),
          reason: (k) => this.invalidTextReasons[k]!,
        },
        {
          kind: 'duplicate',
          indices: duplicateIndices,
          reason: (k) => {
            const i = duplicateIndices[k]!;
            const { topic, partition } = where(i);
            const offset = this.exactOffsets.get(i) ?? this.offsets[i]!;
            return `duplicate of line ${this.lines.lineOf(duplicates.get(i)!)} (topic ${JSON.stringify(topic)} partition ${partition} offset ${offset}): left out of the replay`;
          },
        },
        {
          kind: 'outlier',
          indices: outliers.indices,
          reason: (k) =>
            outlierReason(
              timestamps[outliers.indices[k]!]!,
              OUTLIER_KINDS[outliers.kinds[k]!]!,
              outliers,
            ),
        },
      ],
      this.lines,
      where,
    );
    const excludedRecords = duplicateIndices.length + outliers.indices.length;
    if (excludedRecords > 0) {
      const leave = (i: number, counts: 'duplicates' | 'outliers') => {
        const p = this.partitionList[partitionOf[i]!]!;
        p[counts]++;
        p.records--;
        const kinds = this.kinds[i]!;
        if (kinds & TOMBSTONE) p.tombstones--;
        if (kinds & (BASE64 | NOT_TEXT)) p.binary--;
        if (kinds & BAD_VALUE) p.malformed--;
        if (Number.isNaN(timestamps[i]!)) p.noTimestamp--;
        partitionOf[i] = -1;
        timestamps[i] = NaN;
      };
      for (const i of duplicateIndices) leave(i, 'duplicates');
      for (const i of outliers.indices) leave(i, 'outliers');
      this.recountOutOfOrder(timestamps, partitionOf);
    }
    return {
      excludedRecords,
      faults,
      faultCount: invalidText.length + excludedRecords,
    };
  }

  /** Counts out-of-order records again over the records replayed only (as `countPartitionRecord`). */
  private recountOutOfOrder(timestamps: Float64Array, partitionOf: Int32Array): void {
    const last = new Float64Array(this.partitionList.length).fill(-Infinity);
    for (const p of this.partitionList) p.outOfOrder = 0;
    for (let i = 0; i < timestamps.length; i++) {
      const p = partitionOf[i]!;
      const ts = timestamps[i]!;
      if (p < 0 || Number.isNaN(ts)) continue;
      if (ts < last[p]!) this.partitionList[p]!.outOfOrder++;
      last[p] = ts;
    }
  }

  /** Adds a decoded record; `invalidText` says why its line was not valid UTF-8, if it was not. */
  private addRecord(r: KafkaRecord, invalidText: string | null): void {
    const topic = this.topicState(r.topic);
    const part =
      topic.partitions.get(r.partition) ?? this.newPartition(topic, r.partition, r.offset);
    const ts = r.timestamp !== null && Number.isFinite(r.timestamp) ? r.timestamp : null;
    const index = this.countRecord(topic, part, r.offset, ts ?? NaN);
    const { tombstones, binary, malformed } = part;
    addRecordRow(topic.batch, topic.fieldNames, part, r, ts);
    this.kinds[index] = valueKindOf({ tombstones, binary, malformed }, part, r);
    const lone = invalidText === null ? loneSurrogateField(r) : null;
    if (invalidText !== null || lone !== null) {
      part.invalidUtf8++;
      this.invalidText.push(index);
      if (this.invalidTextReasons.length < MALFORMED_LINES_KEPT) {
        this.invalidTextReasons.push(
          invalidText ??
            `${lone} holds a lone surrogate (a \\u escape without its pair): loaded with U+FFFD in its place`,
        );
      }
    }
    if (topic.batch.full) this.flush(topic);
  }

  /** Adds a scanned line's record; false (adding nothing) when its batch cannot take it. */
  private addScanned(line: RecordingLineScanner, bytes: Uint8Array): boolean {
    const topic =
      this.scannedTopics[line.topic] ??
      (this.scannedTopics[line.topic] = this.topicState(line.topicName(line.topic)));
    if (!topic.batch.addScanned(line, bytes)) return false;
    const part =
      topic.partitions.get(line.partition) ?? this.newPartition(topic, line.partition, line.offset);
    const index = this.countRecord(topic, part, line.offset, line.timestamp);
    if (!line.hasPayload) {
      part.tombstones++;
      this.kinds[index] = TOMBSTONE;
    }
    if (topic.batch.full) this.flush(topic);
    return true;
  }

  /** Counts a record (timestamp NaN when absent), notes its source index and returns it. */
  private countRecord(
    topic: TopicState,
    part: PartitionState,
    offset: bigint | number,
    ts: number,
  ): number {
    const index = this.count++;
    countPartitionRecord(part, offset, ts);
    this.partitionOf.push(part.index);
    if (index === this.timestamps.length) this.grow();
    this.timestamps[index] = ts;
    const at = typeof offset === 'number' ? offset : Number(offset);
    if (!Number.isSafeInteger(at)) this.exactOffsets.set(index, BigInt(offset));
    this.offsets[index] = at;
    if (at <= part.maxOffset) part.unordered = true;
    else part.maxOffset = at;
    this.kinds[index] = 0;
    this.lineStarts[index] = this.lineStart;
    topic.rows.push(index);
    return index;
  }

  /** Drops the tables of an ingest that failed. */
  abort(): void {
    for (const topic of this.topics.values()) (topic.streamed ?? topic.table).drop();
  }

  private flush(topic: TopicState): void {
    if (topic.batch.length === 0) return;
    const batch = topic.batch.seal();
    if (!topic.streamed) return topic.table.add(batch);
    const seq = new Float64Array(batch.length);
    for (let k = 0; k < seq.length; k++) seq[k] = placeholderSeq(topic.inserted + k);
    topic.streamed.insertBatch(batch, seq, new Float64Array(batch.length));
    topic.inserted += batch.length;
  }

  /** Room for twice as many records. */
  private grow(): void {
    const size = this.timestamps.length * 2;
    const timestamps = new Float64Array(size);
    timestamps.set(this.timestamps);
    this.timestamps = timestamps;
    const offsets = new Float64Array(size);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const lineStarts = new Float64Array(size);
    lineStarts.set(this.lineStarts);
    this.lineStarts = lineStarts;
  }

  private topicState(name: string): TopicState {
    let topic = this.topics.get(name);
    if (!topic) {
      const table = this.tableNames.tableOf(name);
      topic = {
        topic: name,
        table: new TopicTable(this.conn, table),
        batch: new TopicBatch(this.batchRows),
        partitions: new Map(),
        fieldNames: new Set(),
        rows: new GrowableInt32(),
        streamed: this.checkpoints ? new LiveTopicTable(this.conn, table, this.checkpoints) : null,
        inserted: 0,
      };
      this.topics.set(name, topic);
    }
    return topic;
  }

  private newPartition(
    topic: TopicState,
    partition: number,
    offset: bigint | number,
  ): PartitionState {
    const part: PartitionState = {
      ...partitionCounts(topic.topic, partition, offset),
      index: this.partitionList.length,
      maxOffset: -Infinity,
      unordered: false,
    };
    this.partitionList.push(part);
    topic.partitions.set(partition, part);
    return part;
  }
}

function lineEnd(bytes: Uint8Array, start: number): number {
  const end = bytes.indexOf(NEWLINE, start);
  return end === -1 ? bytes.length : end;
}

/** An append-only Int32Array that doubles as it fills. */
class GrowableInt32 {
  private values = new Int32Array(1 << 12);
  private length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Int32Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}
