import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { produceRecords } from './produce-records.ts';
import { runRecord } from './record-topics.ts';
import {
  byPartitionAndOffset,
  createTopic,
  readRecordingFile,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

function rec(topic: string, partition: number, offset: number): KafkaRecord {
  return {
    topic,
    partition,
    offset: BigInt(offset),
    timestamp: Date.now(),
    key: `k${offset}`,
    headers: [],
    value: `${partition}/${offset}`,
  };
}

async function partitionsOf(topic: string): Promise<number> {
  const admin = k.kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

describe('target topics of produceRecords', () => {
  it('creates a missing target with the partitions given in advance', async () => {
    const source = uniqueTopic('src');
    const summary = await produceRecords([rec(source, 0, 0)], {
      connection: k.connection,
      topicFor: (t) => `made.${t}`,
      pacing: { speed: 'max' },
      partitions: new Map([[source, 4]]),
    });
    expect(summary).toMatchObject({ records: 1, finished: true });
    expect(await partitionsOf(`made.${source}`)).toBe(4);
  });

  it('grows a target it created when a later record needs a higher partition, losing nothing', async () => {
    const source = uniqueTopic('grow');
    // The first records are sent before the later ones exist, so the producer has already
    // loaded the topic's metadata with one partition when partition 5 is needed.
    async function* arriving(): AsyncGenerator<KafkaRecord> {
      yield rec(source, 0, 0);
      yield rec(source, 0, 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      yield rec(source, 5, 0);
      yield rec(source, 2, 0);
    }
    const sentBeforeGrowth: number[] = [];
    const summary = await produceRecords(arriving(), {
      connection: k.connection,
      topicFor: (t) => `grown.${t}`,
      pacing: { speed: 'max' },
      onProgress: (p) => sentBeforeGrowth.push(p.records),
    });
    expect(sentBeforeGrowth[0]).toBe(2);
    expect(summary.records).toBe(4);
    expect(await partitionsOf(`grown.${source}`)).toBe(6);
    const out = join(k.dir, `${source}.ndjson`);
    await runRecord({
      connection: k.connection,
      topics: [`grown.${source}`],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out,
    });
    expect(byPartitionAndOffset(await readRecordingFile(out)).map((r) => r.value)).toEqual([
      '0/0',
      '0/1',
      '2/0',
      '5/0',
    ]);
  });

  it('refuses an existing target with too few partitions, naming it', async () => {
    const source = uniqueTopic('small');
    await createTopic(k.kafka, `small.${source}`, 2);
    await expect(
      produceRecords([rec(source, 3, 0)], {
        connection: k.connection,
        topicFor: (t) => `small.${t}`,
        pacing: { speed: 'max' },
      }),
    ).rejects.toThrow(
      `target topic small.${source} has 2 partitions but ${source} needs partition 3`,
    );
  });
});
