import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import {
  lineStop,
  parseRecordingLine,
  readRecordingBlocks,
  type MalformedLine,
} from '../../formats/index.ts';
import { RecordingLineScanner } from './scan/line-scan.ts';
import type { KafkaRecord } from '../../formats/index.ts';
import type { PartitionStats } from '../contract.ts';
import { ENGINE_DEFAULTS } from '../defaults.ts';
import { forgetSourceBytes } from './column-builders.ts';
import { deliveryOrder } from './delivery-order.ts';
import { SourceTape } from './source-tape.ts';
import { TopicBatch } from './topic-batch.ts';
import { addRecordRow } from './record-row.ts';
import {
  countPartitionRecord,
  partitionCounts,
  partitionStats,
  type PartitionCounts,
} from './source-counts.ts';
import { TopicTable } from './topic-table.ts';

const NEWLINE = 0x0a;

/** Rows per Arrow record batch (and per slice of an in-memory source). */
export const INSERT_BATCH_ROWS = ENGINE_DEFAULTS.insertBatchRows;

/** What a finished ingest knows about the source. */
export interface IngestResult {
  tape: SourceTape;
  /** per record in source order, NaN when absent: for the timeline histogram */
  timestamps: Float64Array;
  /** first and last record timestamp (0 when no record has one) */
  start: number;
  end: number;
  partitions: PartitionStats[];
  /** topic → its table's field columns (lower-cased names) */
  topics: Map<string, Set<string>>;
}

interface PartitionState extends PartitionCounts {
  /** in the ingest's partition list */
  index: number;
}

/** Options for `Ingest.addRecording`. */
export interface AddRecordingOptions {
  /** Called as the source is consumed, with the bytes read from it so far. */
  onProgress?: (bytesRead: number) => void;
}

interface TopicState {
  table: TopicTable;
  batch: TopicBatch;
  partitions: Map<number, PartitionState>;
  /** fields that have (or will have, at the next insert) a column */
  fieldNames: Set<string>;
  /** source index of each of the topic's rows, in row order */
  rows: GrowableInt32;
}

/**
 * Reads records into one DuckDB table per topic (see `TopicTable` for the columns). Values are
 * parsed here, never by DuckDB, into Arrow columns: `addRecording` copies the fields of lines
 * of the common shape straight from the recording's bytes, `add` (and any other line) goes
 * through `JSON.parse`, with the same result. `finish` computes the delivery order and creates
 * the tables; `abort` drops what was created.
 */
export class Ingest {
  private readonly topics = new Map<string, TopicState>();
  private readonly partitionList: PartitionState[] = [];
  private readonly partitionOf = new GrowableInt32();
  private timestamps: Float64Array = new Float64Array(1 << 16);
  private count = 0;
  /** reads the lines of `addRecording`; its topic and name ids stay valid for the ingest's life */
  private readonly scanner = new RecordingLineScanner();
  /** by the scanner's topic id */
  private readonly scannedTopics: TopicState[] = [];

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly batchRows: number = INSERT_BATCH_ROWS,
  ) {}

  get records(): number {
    return this.count;
  }

  add(records: readonly KafkaRecord[]): void {
    for (const r of records) this.addRecord(r);
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
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    try {
      let lineNo = 1;
      for await (const bytes of readRecordingBlocks(source, options.onProgress)) {
        const malformed: MalformedLine[] = [];
        for (let start = 0; start < bytes.length; lineNo++) {
          let end = line.scan(bytes, start);
          if (end < 0 || !this.addScanned(line, bytes)) {
            if (end < 0) end = lineEnd(bytes, start);
            const stop = lineStop(bytes, start, end);
            const parsed =
              stop > start
                ? parseRecordingLine(decoder.decode(bytes.subarray(start, stop)), lineNo)
                : null;
            // null: a blank line
            if (parsed !== null) {
              if ('topic' in parsed) this.addRecord(parsed);
              else malformed.push(parsed);
            }
          }
          start = end + 1;
        }
        yield malformed;
      }
    } finally {
      line.release();
      forgetSourceBytes();
    }
  }

  finish(): IngestResult {
    for (const topic of this.topics.values()) this.flush(topic);
    const timestamps = this.timestamps.subarray(0, this.count);
    let start = Infinity;
    let end = -Infinity;
    for (const ts of timestamps) {
      if (ts < start) start = ts;
      if (ts > end) end = ts;
    }
    if (start > end) start = end = 0;
    const partitionOf = this.partitionOf.view();
    const order = deliveryOrder(partitionOf, timestamps, this.partitionList.length, start);
    const topics = new Map<string, Set<string>>();
    for (const [name, topic] of this.topics) {
      const rows = topic.rows.view();
      const seq = new Float64Array(rows.length);
      const streamTimes = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) {
        seq[k] = order.seqOf[rows[k]!]!;
        streamTimes[k] = order.streamTimes[seq[k]!]!;
      }
      topic.table.finish(seq, streamTimes);
      topics.set(name, topic.table.columnNames());
    }
    const partitions = this.partitionList.map(partitionStats);
    return { tape: new SourceTape(order.streamTimes), timestamps, start, end, partitions, topics };
  }

  private addRecord(r: KafkaRecord): void {
    const topic = this.topicState(r.topic);
    const part =
      topic.partitions.get(r.partition) ?? this.newPartition(topic, r.partition, r.offset);
    const ts = r.timestamp !== null && Number.isFinite(r.timestamp) ? r.timestamp : null;
    this.countRecord(topic, part, r.offset, ts ?? NaN);
    addRecordRow(topic.batch, topic.fieldNames, part, r, ts);
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
    this.countRecord(topic, part, line.offset, line.timestamp);
    if (!line.hasPayload) part.tombstones++;
    if (topic.batch.full) this.flush(topic);
    return true;
  }

  /** Counts a record (timestamp NaN when absent) and notes its source index. */
  private countRecord(
    topic: TopicState,
    part: PartitionState,
    offset: bigint | number,
    ts: number,
  ): void {
    const index = this.count++;
    countPartitionRecord(part, offset, ts);
    this.partitionOf.push(part.index);
    if (index === this.timestamps.length) this.timestamps = grow(this.timestamps);
    this.timestamps[index] = ts;
    topic.rows.push(index);
  }

  /** Drops the tables of an ingest that failed. */
  abort(): void {
    for (const topic of this.topics.values()) topic.table.drop();
  }

  private flush(topic: TopicState): void {
    if (topic.batch.length > 0) topic.table.add(topic.batch.seal());
  }

  private topicState(name: string): TopicState {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = {
        table: new TopicTable(this.conn, name),
        batch: new TopicBatch(this.batchRows),
        partitions: new Map(),
        fieldNames: new Set(),
        rows: new GrowableInt32(),
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
      ...partitionCounts(topic.table.topic, partition, offset),
      index: this.partitionList.length,
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

function grow(values: Float64Array): Float64Array {
  const bigger = new Float64Array(values.length * 2);
  bigger.set(values);
  return bigger;
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
