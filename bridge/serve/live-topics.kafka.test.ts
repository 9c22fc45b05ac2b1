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
import { parseTopicSelector } from './topic-selector.ts';

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

function messages(count: number, partitions: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    partition: (from + i) % partitions,
    key: `k${from + i}`,
    value: JSON.stringify({ n: from + i }),
  }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i));

describe('live stream follows the cluster', () => {
  it('a topic created after the start that --topics selects is streamed from its first offset; others are not', async () => {
    const prefix = uniqueTopic('follow');
    const first = `${prefix}-a`;
    await createTopic(k.kafka, first, 1);
    await produce(k.kafka, first, messages(10, 1));
    const h = await startLiveHarness(k.connection, {
      topics: parseTopicSelector(`${prefix}-*`),
      from: 'earliest',
      limits: { topicRefreshMs: 300, statusIntervalMs: 100 },
    });
    const c = collectLive(h);
    try {
      await waitFor('the first topic', () => c.records.length >= 10);
      // Created while the stream runs: one the pattern selects (2 partitions), one it does not.
      const later = `${prefix}-b`;
      const other = uniqueTopic('unselected');
      await createTopic(k.kafka, later, 2);
      await createTopic(k.kafka, other, 1);
      await produce(k.kafka, later, messages(40, 2));
      await produce(k.kafka, other, messages(5, 1));
      await waitFor('the later topic', () => c.records.length >= 50, 60_000);
      // More records on the first topic still arrive, exactly once, after the consumer restart.
      await produce(k.kafka, first, messages(5, 1, 10));
      await waitFor('the first topic again', () => c.records.length >= 55, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const offsets = offsetsByPartition(c.records);
      expect(offsets.get(`${first}/0`)).toEqual(Array.from({ length: 15 }, (_, i) => BigInt(i)));
      expect(offsets.get(`${later}/0`)).toEqual(range(20));
      expect(offsets.get(`${later}/1`)).toEqual(range(20));
      expect(c.records.some((r) => r.topic === other)).toBe(false);
      const last = c.statuses.at(-1)!;
      expect([...new Set(last.partitions.map((p) => p.topic))].sort()).toEqual([first, later]);
    } finally {
      c.connection.close();
      await h.close();
    }
  }, 120_000);

  it('named topics only: a topic created later is not followed', async () => {
    const topic = uniqueTopic('named');
    await createTopic(k.kafka, topic, 1);
    const h = await startLiveHarness(k.connection, {
      topics: [topic],
      from: 'earliest',
      limits: { topicRefreshMs: 200, statusIntervalMs: 100 },
    });
    const c = collectLive(h);
    try {
      const later = uniqueTopic('named-later');
      await createTopic(k.kafka, later, 1);
      await produce(k.kafka, later, messages(3, 1));
      await produce(k.kafka, topic, messages(3, 1));
      await waitFor('the named topic', () => c.records.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(c.records.map((r) => r.topic)).toEqual([topic, topic, topic]);
    } finally {
      c.connection.close();
      await h.close();
    }
  }, 60_000);
});
