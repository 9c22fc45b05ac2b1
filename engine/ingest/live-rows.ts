import type { KafkaRecord } from '../../formats/index.ts';
import type { PartitionStats } from '../contract.ts';
import type { LiveTopicTable } from './live-topic-table.ts';
import { addRecordRow } from './record-row.ts';

/** Counts of one partition of a live source, with what the next record is compared to. */
export interface LivePartitionState extends Omit<PartitionStats, 'firstOffset' | 'lastOffset'> {
  first: bigint;
  last: bigint;
  lastTimestamp: number;
  /** the partition's stream time: the largest timestamp it has delivered (NaN before any) */
  streamTime: number;
}

/**
 * Counts the record in its partition and adds its row to its topic's batch: a JSON object's
 * fields become columns; a tombstone, a binary value (base64), a value that is not JSON or not an
 * object keeps its raw text in `_value` — the same rules as a recording's ingest.
 */
export function addLiveRow(
  table: LiveTopicTable,
  part: LivePartitionState,
  r: KafkaRecord,
  ts: number | null,
): void {
  part.records++;
  part.last = r.offset;
  if (ts === null) part.noTimestamp++;
  else {
    if (ts < part.lastTimestamp) part.outOfOrder++;
    part.lastTimestamp = ts;
  }
  addRecordRow(table.batch, table.fieldNames, part, r, ts);
  table.rowAdded();
}

/** The public counts of a partition (offsets as decimal strings). */
export function liveStats(p: LivePartitionState): PartitionStats {
  return {
    topic: p.topic,
    partition: p.partition,
    records: p.records,
    firstOffset: String(p.first),
    lastOffset: String(p.last),
    malformed: p.malformed,
    tombstones: p.tombstones,
    binary: p.binary,
    noTimestamp: p.noTimestamp,
    outOfOrder: p.outOfOrder,
  };
}
