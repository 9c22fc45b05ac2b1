import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecord } from './record-topics.ts';
import {
  createTopic,
  endOffsets,
  produce,
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

async function seededTopic(): Promise<string> {
  const topic = uniqueTopic('groups');
  await createTopic(k.kafka, topic, 3);
  const messages = [];
  for (let i = 0; i < 30; i++) messages.push({ partition: i % 3, key: `k${i}`, value: `v${i}` });
  await produce(k.kafka, topic, messages);
  expect(await endOffsets(k.kafka, topic)).toEqual(['10', '10', '10']);
  return topic;
}

describe('record disturbs no consumer group', () => {
  it('its own group ends with no committed offset on any partition', async () => {
    const topic = await seededTopic();
    const groupId = `tapedeck-test-${topic}`;
    const summary = await runRecord({
      connection: k.connection,
      topics: [topic],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out: join(k.dir, `${topic}.ndjson`),
      groupId,
      deleteGroup: false,
    });
    expect(summary).toMatchObject({ records: 30, reachedEnd: true, groupId });

    const admin = k.kafka.admin();
    await admin.connect();
    try {
      // The group is real (it joined and left), so "no offsets" is not "no such group".
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]).toMatchObject({ groupId, state: 'Empty', protocolType: 'consumer' });
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(offsets).toEqual([
        {
          topic,
          partitions: [0, 1, 2].map((partition) => ({ partition, offset: '-1', metadata: null })),
        },
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('deletes its throwaway group afterwards', async () => {
    const topic = await seededTopic();
    const summary = await runRecord({
      connection: k.connection,
      topics: [topic],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out: join(k.dir, `${topic}.ndjson`),
    });
    expect(summary.groupId).toMatch(/^tapedeck-[0-9a-f-]{36}$/);
    const admin = k.kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([summary.groupId]);
      expect(groups[0]?.state).toBe('Dead');
    } finally {
      await admin.disconnect();
    }
  });

  it("leaves another group's committed offsets as they were", async () => {
    const topic = await seededTopic();
    const appGroup = `app-${topic}`;
    const admin = k.kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({
        groupId: appGroup,
        topic,
        partitions: [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '7' },
          { partition: 2, offset: '10' },
        ],
      });
      await runRecord({
        connection: k.connection,
        topics: [topic],
        from: { kind: 'earliest' },
        to: { kind: 'latest' },
        out: join(k.dir, `${topic}.ndjson`),
      });
      const offsets = await admin.fetchOffsets({ groupId: appGroup, topics: [topic] });
      expect(offsets[0]?.partitions.map((p) => p.offset)).toEqual(['4', '7', '10']);
    } finally {
      await admin.disconnect();
    }
  });
});
