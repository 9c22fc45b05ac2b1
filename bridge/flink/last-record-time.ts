import { kafkaClientConfig, type KafkaConnectionOptions } from '../kafka-io/connection-options.ts';
import { connectTo } from '../kafka-io/connection-options.ts';
import type { PartitionRange } from '../kafka-io/partition-ranges.ts';
import { RangeReader } from '../kafka-io/read-range.ts';
import { Kafka } from 'kafkajs';

/** How many records from the end of each partition are read for their latest timestamp. */
const TAIL = 1000n;

/**
 * The latest record timestamp among the last records of every partition of `topics` (up to
 * 1000 per partition: a record stamped later than those but further back is not seen), or null
 * when they hold no records. History replayed up to "latest" ends there: the window holding it
 * is still open, as at the end of a Tapedeck replay.
 */
export async function lastRecordTime(
  connection: KafkaConnectionOptions,
  topics: readonly string[],
): Promise<number | null> {
  const kafka = new Kafka(kafkaClientConfig(connection));
  const admin = kafka.admin();
  await connectTo(admin, connection);
  const ranges: PartitionRange[] = [];
  try {
    for (const topic of topics) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        const high = BigInt(o.high);
        const low = BigInt(o.low);
        if (high <= low) continue;
        const start = high - TAIL > low ? high - TAIL : low;
        ranges.push({ topic, partition: o.partition, start, end: high });
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (ranges.length === 0) return null;
  let latest: number | null = null;
  for await (const batch of new RangeReader(kafka, ranges)) {
    for (const r of batch) {
      if (r.timestamp !== null && (latest === null || r.timestamp > latest)) latest = r.timestamp;
    }
  }
  return latest;
}
