import { rename, rm } from 'node:fs/promises';
import { Kafka } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { writeRecordingFile } from '../recording/file.ts';
import { connectTo, kafkaClientConfig, type KafkaConnectionOptions } from './connection-options.ts';
import { resolvePartitionRanges } from './partition-ranges.ts';
import { RangeReader, type PartitionPosition } from './read-range.ts';
import type { TimePoint } from './time-point.ts';

/** What `tapedeck record` captures, and where to. */
export interface RecordOptions {
  connection: KafkaConnectionOptions;
  topics: string[];
  from: TimePoint;
  to: TimePoint;
  /** Recording file; gzip-compressed when it ends in `.gz`. */
  out: string;
  /** Called as records arrive, with every partition's position and the records so far. */
  onProgress?: (positions: readonly PartitionPosition[], records: number) => void;
  /** The throwaway group id (default `tapedeck-<random>`); tests name it to inspect it. */
  groupId?: string;
  /** Delete the throwaway group afterwards (default true). */
  deleteGroup?: boolean;
}

/** What a recording run did. */
export interface RecordSummary {
  out: string;
  records: number;
  /** File size in bytes. */
  bytes: number;
  /** True when every partition reached its end position; false when stopped early. */
  reachedEnd: boolean;
  groupId: string;
  partitions: readonly PartitionPosition[];
  elapsedMs: number;
}

/**
 * Captures `[from, to)` of every partition of the topics into a kcat-compatible recording, then
 * stops. The end positions are fixed when the command starts (`latest`: the records present then).
 * Aborting `signal` stops the read early; either way the file is complete — written under a
 * temporary name and renamed into place once whole, so `out` never holds half a file.
 */
export async function runRecord(
  options: RecordOptions,
  signal?: AbortSignal,
): Promise<RecordSummary> {
  const started = Date.now();
  const kafka = new Kafka(kafkaClientConfig(options.connection));
  const admin = kafka.admin();
  await connectTo(admin, options.connection);
  let ranges;
  try {
    ranges = await resolvePartitionRanges(admin, options.topics, options.from, options.to);
  } finally {
    await admin.disconnect();
  }

  const reader = new RangeReader(kafka, ranges, {
    signal,
    groupId: options.groupId,
    deleteGroup: options.deleteGroup,
    onProgress: (positions) => options.onProgress?.(positions, countRecords(positions)),
  });
  async function* records(): AsyncGenerator<KafkaRecord> {
    for await (const batch of reader) yield* batch;
  }

  const partial = partialPath(options.out);
  let written: { records: number; bytes: number };
  try {
    written = await writeRecordingFile(partial, records());
    await rename(partial, options.out);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return {
    out: options.out,
    records: written.records,
    bytes: written.bytes,
    reachedEnd: reader.reachedEnd,
    groupId: reader.groupId,
    partitions: reader.positions(),
    elapsedMs: Date.now() - started,
  };
}

/** `rec.ndjson.gz` → `rec.ndjson.partial.gz`: the suffix that selects gzip stays last. */
function partialPath(out: string): string {
  return out.endsWith('.gz') ? `${out.slice(0, -3)}.partial.gz` : `${out}.partial`;
}

function countRecords(positions: readonly PartitionPosition[]): number {
  let n = 0;
  for (const p of positions) n += p.records;
  return n;
}
