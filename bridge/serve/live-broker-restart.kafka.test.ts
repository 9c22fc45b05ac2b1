import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopic,
  produce,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';
import {
  collectLive,
  offsetsByPartition,
  startLiveHarness,
  waitFor,
} from '../testing/live-harness.ts';

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

function messages(count: number, from: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    partition: (from + i) % 2,
    value: JSON.stringify({ n: from + i }),
  }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i));

describe('broker outage', () => {
  it('after the broker is killed and restarted, the stream resumes where it was: each offset once', async () => {
    const topic = uniqueTopic('live-restart');
    await createTopic(k.kafka, topic, 2);
    await produce(k.kafka, topic, messages(400, 0));
    const h = await startLiveHarness(k.connection, {
      topics: [topic],
      from: 'earliest',
      limits: { batchRecords: 50, statusIntervalMs: 200 },
    });
    // Credit 1 and small batches: records are still buffered at the bridge when the broker dies.
    const c = collectLive(h, { credit: 1 });
    try {
      await waitFor('the first records', () => c.records.length >= 100);
      await k.broker.kill();
      await waitFor(
        'a status that says Kafka is unreachable',
        () => c.statuses.some((s) => s.state === 'reconnecting' || s.error !== null),
        60_000,
      );
      await k.broker.restart();
      await produce(k.kafka, topic, messages(400, 400));
      await waitFor('all 800 records', () => c.records.length >= 800, 90_000);
      const offsets = offsetsByPartition(c.records);
      expect(offsets.get(`${topic}/0`)).toEqual(range(400));
      expect(offsets.get(`${topic}/1`)).toEqual(range(400));
      expect(c.records).toHaveLength(800);
      await waitFor('streaming again, with no error', () => {
        const last = c.statuses.at(-1);
        return last?.state === 'streaming' && last.error === null;
      });
      expect(c.statuses.at(-1)!.reconnects).toBeGreaterThan(0);
    } finally {
      c.connection.close();
      await h.close();
    }
  }, 180_000);
});
