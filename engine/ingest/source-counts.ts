import type { MalformedLine } from '../../formats/index.ts';
import type { PartitionStats } from '../contract.ts';
import { ENGINE_DEFAULTS } from '../defaults.ts';

/** Malformed lines a source keeps for its summary or status; the rest are only counted. */
export const MALFORMED_LINES_KEPT = ENGINE_DEFAULTS.malformedLinesKept;

/**
 * Counts of one partition as its records are added (recording or live), with what the next
 * record is compared to.
 */
export interface PartitionCounts extends Omit<PartitionStats, 'firstOffset' | 'lastOffset'> {
  /** offsets as read: a bigint, or a number when a scanned line gave a safe integer */
  first: bigint | number;
  last: bigint | number;
  /** the timestamp of the partition's last record that had one (-Infinity before any) */
  lastTimestamp: number;
}

/** A partition's counts before its first record, whose offset is `offset`. */
export function partitionCounts(
  topic: string,
  partition: number,
  offset: bigint | number,
): PartitionCounts {
  return {
    topic,
    partition,
    records: 0,
    first: offset,
    last: offset,
    malformed: 0,
    tombstones: 0,
    binary: 0,
    noTimestamp: 0,
    outOfOrder: 0,
    invalidUtf8: 0,
    duplicates: 0,
    outliers: 0,
    lastTimestamp: -Infinity,
  };
}

/**
 * Counts a record of the partition at `offset`, timestamp `ts` (NaN when it has none): one
 * without a timestamp, or one older than the partition's last, is counted as such. (What its
 * value is, `addRecordRow` counts.)
 */
export function countPartitionRecord(
  part: PartitionCounts,
  offset: bigint | number,
  ts: number,
): void {
  part.records++;
  part.last = offset;
  if (Number.isNaN(ts)) part.noTimestamp++;
  else {
    if (ts < part.lastTimestamp) part.outOfOrder++;
    part.lastTimestamp = ts;
  }
}

/** The public counts of a partition (offsets as decimal strings). */
export function partitionStats(p: PartitionCounts): PartitionStats {
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
    invalidUtf8: p.invalidUtf8,
    duplicates: p.duplicates,
    outliers: p.outliers,
  };
}

/**
 * Keeps `lines` in `kept` while it holds fewer than `MALFORMED_LINES_KEPT`, their line numbers
 * moved on by `lineBase` (a live stream's lines count from its first batch).
 */
export function keepMalformedLines(
  kept: MalformedLine[],
  lines: readonly MalformedLine[],
  lineBase = 0,
): void {
  for (const m of lines) {
    if (kept.length >= MALFORMED_LINES_KEPT) return;
    kept.push(lineBase === 0 ? m : { ...m, line: m.line + lineBase });
  }
}
