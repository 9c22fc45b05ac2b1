import type { Admin, Kafka } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { readRecording } from '../../formats/index.ts';
import { openRecordingFile } from '../recording/file.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import type { PartitionRange } from './partition-ranges.ts';
import { RangeReader } from './read-range.ts';

/** One partition of a topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * The last value of header `name`. Replay appends its headers after the record's own, so when a
 * replayed topic is itself recorded and replayed, the newest replay's header comes last.
 */
export function lastHeader(record: KafkaRecord, name: string): string | null | undefined {
  let value: string | null | undefined;
  for (const [n, v] of record.headers) if (n === name) value = v;
  return value;
}

/**
 * Where an earlier run of replay `replayId` got to: for each target partition holding a record of
 * it, the recording offset (`tapedeck-replay-offset` header) of the last such record, keyed
 * `topic/partition`. Partitions without one are left out. Each partition is read backwards from
 * its end a window at a time (1,000 records, then 16 times more each round, down to the start of
 * the log): the replay's records are normally the last ones, and whatever another writer added
 * after them is passed over.
 */
export async function findReplayed(
  kafka: Kafka,
  admin: Admin,
  targets: readonly TopicPartition[],
  replayId: string,
  signal?: AbortSignal,
): Promise<Map<string, bigint>> {
  const found = new Map<string, bigint>();
  const existing = new Set(await admin.listTopics());
  const wanted = new Set(targets.map((t) => `${t.topic}/${t.partition}`));
  let pending: Array<{ topic: string; partition: number; low: bigint; end: bigint }> = [];
  for (const topic of new Set(targets.map((t) => t.topic))) {
    if (!existing.has(topic)) continue;
    for (const o of await admin.fetchTopicOffsets(topic)) {
      const low = BigInt(o.low);
      const end = BigInt(o.high);
      if (wanted.has(`${topic}/${o.partition}`) && end > low) {
        pending.push({ topic, partition: o.partition, low, end });
      }
    }
  }

  let window = BigInt(KAFKA_IO_DEFAULTS.resumeTailRecords);
  while (pending.length > 0 && !signal?.aborted) {
    const ranges: PartitionRange[] = pending.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      start: p.end - window > p.low ? p.end - window : p.low,
      end: p.end,
    }));
    for await (const batch of new RangeReader(kafka, ranges, { signal })) {
      for (const record of batch) {
        if (lastHeader(record, KAFKA_IO_DEFAULTS.replayHeader) !== replayId) continue;
        found.set(`${record.topic}/${record.partition}`, sourceOffsetOf(record, replayId));
      }
    }
    pending = pending
      .map((p, i) => ({ ...p, end: ranges[i]!.start }))
      .filter((p) => p.end > p.low && !found.has(`${p.topic}/${p.partition}`));
    window *= BigInt(KAFKA_IO_DEFAULTS.resumeTailGrowth);
  }
  if (signal?.aborted) throw new Error('stopped while looking for the records already replayed');
  return found;
}

function sourceOffsetOf(record: KafkaRecord, replayId: string): bigint {
  const text = lastHeader(record, KAFKA_IO_DEFAULTS.replayOffsetHeader);
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) {
    throw new Error(
      `cannot resume replay ${replayId}: ${record.topic}/${record.partition} offset ${record.offset} ` +
        `has no valid ${KAFKA_IO_DEFAULTS.replayOffsetHeader} header (${JSON.stringify(text ?? null)}); ` +
        'it was written by a Tapedeck that could not resume',
    );
  }
  return BigInt(text);
}

/**
 * How many records of each source partition (`topic/partition`) an earlier run already wrote:
 * those up to and including the one at the recording offset in `lastWritten`, counted in file
 * order. Fails, naming the partition, when the recording has no record at that offset there: it
 * is not the file the replay was made from.
 */
export async function countWritten(
  file: string,
  wanted: ReadonlySet<string> | null,
  lastWritten: ReadonlyMap<string, bigint>,
  replayId: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const done = new Set<string>();
  for await (const batch of readRecording(openRecordingFile(file))) {
    for (const r of batch.records) {
      if (wanted !== null && !wanted.has(r.topic)) continue;
      const key = `${r.topic}/${r.partition}`;
      const last = lastWritten.get(key);
      if (last === undefined || done.has(key)) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (r.offset === last) done.add(key);
    }
  }
  const missing = [...lastWritten].filter(([key]) => !done.has(key));
  if (missing.length > 0) {
    throw new Error(
      `cannot resume replay ${replayId}: ${file} has no record at ` +
        missing.map(([key, offset]) => `${key} offset ${offset}`).join(', ') +
        ', which that replay wrote last (is it the same recording?)',
    );
  }
  return counts;
}
