import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { readRecording, type MalformedLine } from '../../formats/index.ts';
import type { KafkaRecord } from '../../formats/index.ts';
import type { PartitionStats } from '../contract.ts';
import { LiveTape } from './live-tape.ts';
import { LiveTopicTable } from './live-topic-table.ts';
import { TableNames } from './table-names.ts';
import { CheckpointBudget, LIVE_CHECKPOINT_BYTES } from './checkpoints.ts';
import { addRecordRow } from './record-row.ts';
import { valueKindOf } from './record-kinds.ts';
import {
  countPartitionRecord,
  keepMalformedLines,
  partitionCounts,
  partitionStats,
  type PartitionCounts,
} from './source-counts.ts';

/** A partition's counts in a live source, with its stream time. */
interface LivePartitionState extends PartitionCounts {
  /** the partition's stream time: the largest timestamp it has delivered (NaN before any) */
  streamTime: number;
}

/**
 * A live source: batches of kcat NDJSON appended as they arrive, each into the topic tables at
 * once. `_seq` continues across batches in arrival order; replay time follows the running maximum
 * of all timestamps (see `LiveTape`), while `_stream_ts` is the record's own partition's stream
 * time, so a record is late only behind its own partition (a Kafka Streams task), not because
 * another partition's backlog arrived first. Tables gain columns as new fields appear.
 */
export class LiveIngest {
  private readonly topics = new Map<string, LiveTopicTable>();
  private readonly names = new TableNames();
  private readonly partitions = new Map<string, LivePartitionState>();
  private readonly partitionList: LivePartitionState[] = [];
  private readonly liveTape = new LiveTape();
  private lines = 0;
  private first = Infinity;
  private last = -Infinity;
  readonly malformedLines: MalformedLine[] = [];
  malformedLineCount = 0;
  /** the appended records with a value kind (`RecordKind`), not taken yet: `takeKinds` */
  private kindSeqs: number[] = [];
  private kindValues: number[] = [];
  private readonly checkpoints: CheckpointBudget;

  constructor(private readonly conn: DuckDBConnection) {
    this.checkpoints = new CheckpointBudget(conn, LIVE_CHECKPOINT_BYTES);
  }

  get tape(): LiveTape {
    return this.liveTape;
  }

  /** first and last record timestamp so far (0 and 0 before any) */
  get start(): number {
    return this.first === Infinity ? 0 : this.first;
  }
  get end(): number {
    return this.last === -Infinity ? 0 : this.last;
  }

  /** topic → its table's field columns (lower-cased names) */
  columns(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const [name, table] of this.topics) out.set(name, table.columnNames());
    return out;
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** topic → its DuckDB table (see `TableNames`), topics in order of first appearance */
  tables(): Map<string, string> {
    return this.names.entries();
  }

  partitionStats(): PartitionStats[] {
    return this.partitionList.map(partitionStats);
  }

  /**
   * Appends a batch of kcat NDJSON lines (a recording fragment; line numbers of malformed lines
   * count from the live stream's first line). Returns the records appended.
   */
  async appendBytes(bytes: Uint8Array): Promise<number> {
    let appended = 0;
    const base = this.lines;
    for await (const batch of readRecording(bytes, { batchSize: Number.MAX_SAFE_INTEGER })) {
      this.malformedLineCount += batch.malformed.length;
      keepMalformedLines(this.malformedLines, batch.malformed, base);
      this.append(batch.records);
      appended += batch.records.length;
    }
    this.lines += lineCount(bytes);
    return appended;
  }

  /** Appends records in arrival order. */
  append(records: readonly KafkaRecord[]): void {
    if (records.length === 0) return;
    const seqBase = this.liveTape.records;
    const timestamps = new Float64Array(records.length);
    const partitionTimes = new Float64Array(records.length);
    const rowsByTopic = new Map<LiveTopicTable, number[]>();
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
    for (const [topic, count] of counts) this.table(topic).expect(count);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const ts = r.timestamp !== null && Number.isFinite(r.timestamp) ? r.timestamp : null;
      timestamps[i] = ts ?? NaN;
      if (ts !== null) {
        if (ts < this.first) this.first = ts;
        if (ts > this.last) this.last = ts;
      }
      const table = this.table(r.topic);
      let rows = rowsByTopic.get(table);
      if (!rows) rowsByTopic.set(table, (rows = []));
      rows.push(i);
      const part = this.partition(r);
      if (ts !== null && !(ts <= part.streamTime)) part.streamTime = ts;
      partitionTimes[i] = part.streamTime;
      countPartitionRecord(part, r.offset, ts ?? NaN);
      const { tombstones, binary, malformed } = part;
      addRecordRow(table.batch, table.fieldNames, part, r, ts);
      const kind = valueKindOf({ tombstones, binary, malformed }, part, r);
      if (kind !== 0) {
        this.kindSeqs.push(seqBase + i);
        this.kindValues.push(kind);
      }
      table.rowAdded();
    }
    const streamTimes = this.liveTape.append(timestamps);
    for (const [table, rows] of rowsByTopic) {
      const seq = new Float64Array(rows.length);
      const times = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) {
        seq[k] = seqBase + rows[k]!;
        // Lateness is judged per partition, as a Kafka Streams task does: a live stream catching
        // up delivers one partition's backlog after another, and a global maximum would make
        // every later partition's records late.
        const own = partitionTimes[rows[k]!]!;
        times[k] = Number.isNaN(own) ? streamTimes[rows[k]!]! : own;
      }
      table.insert(seq, times);
    }
  }

  /**
   * The value kinds of the records appended since the last call (delivery indices ascending),
   * for the events browser's record kinds. Duplicates are not looked for in a live stream.
   */
  takeKinds(): { seqs: Float64Array; kinds: Uint8Array } {
    const out = { seqs: Float64Array.from(this.kindSeqs), kinds: Uint8Array.from(this.kindValues) };
    this.kindSeqs = [];
    this.kindValues = [];
    return out;
  }

  private table(topic: string): LiveTopicTable {
    let table = this.topics.get(topic);
    if (!table) {
      table = new LiveTopicTable(this.conn, this.names.tableOf(topic), this.checkpoints);
      this.topics.set(topic, table);
    }
    return table;
  }

  private partition(r: KafkaRecord): LivePartitionState {
    const key = `${r.partition}\u0000${r.topic}`;
    let part = this.partitions.get(key);
    if (!part) {
      part = { ...partitionCounts(r.topic, r.partition, r.offset), streamTime: NaN };
      this.partitions.set(key, part);
      this.partitionList.push(part);
    }
    return part;
  }
}

/** Lines in an NDJSON text, a last line without its newline included. */
function lineCount(bytes: Uint8Array): number {
  let lines = 0;
  // indexOf searches natively, about 3× as fast as comparing each byte here.
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}
