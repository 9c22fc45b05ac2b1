import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { KafkaRecord } from '../../formats/index.ts';
import { parseServerMessage, type ServerMessage } from '../../formats/index.ts';
import { LiveReader, type OffsetGap } from '../kafka-io/live-reader.ts';
import {
  collectLive,
  offsetsByPartition,
  startLiveHarness,
  waitFor,
} from '../testing/live-harness.ts';
import {
  createTopic,
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

function messages(count: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    partition: 0,
    value: JSON.stringify({ n: from + i }),
  }));
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => BigInt(from + i));

/** Deletes the records of partition 0 of `topic` below `offset`, as retention would. */
async function deleteBelow(topic: string, offset: number): Promise<void> {
  const admin = k.kafka.admin();
  await admin.connect();
  try {
    // kafkajs's deleteTopicRecords needs the topic's metadata loaded first.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({
      topic,
      partitions: [{ partition: 0, offset: String(offset) }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** A reader of partition 0 from offset 0 whose sink takes `limit` records, then pauses it. */
function limitedReader(topic: string, limit: number) {
  const records: KafkaRecord[] = [];
  const gaps: OffsetGap[] = [];
  const sink = { limit };
  const reader = new LiveReader(k.kafka, [{ topic, partition: 0, start: 0n }], {
    accept: (batch) => {
      const taken = Math.max(0, Math.min(batch.length, sink.limit - records.length));
      records.push(...batch.slice(0, taken));
      return taken;
    },
    onEvent: (event) => {
      if (event.type === 'gap') {
        const { type: _type, ...gap } = event;
        gaps.push(gap);
      }
    },
  });
  return { reader, records, gaps, sink };
}

describe('live gaps', () => {
  it('a position deleted while the reader is paused: kafkajs resets it, and the reader reports the offsets lost', async () => {
    const topic = uniqueTopic('gap-reset');
    await createTopic(k.kafka, topic, 1);
    await produce(k.kafka, topic, messages(300));
    const r = limitedReader(topic, 100);
    void r.reader.start();
    try {
      await waitFor('the reader paused at offset 100', () => r.reader.state === 'paused');
      expect(r.reader.positions()[0]!.position).toBe(100n);
      await deleteBelow(topic, 250);
      r.sink.limit = Infinity;
      // Resuming seeks to offset 100, which Kafka no longer has: kafkajs resets to the start of
      // the log (offset 250) and logs it; end offsets are never looked up here.
      r.reader.resume();
      await waitFor('the records after the gap', () => r.records.length >= 150);
      expect(r.gaps).toEqual([{ topic, partition: 0, from: 100n, to: 250n }]);
      expect(r.records.map((x) => x.offset)).toEqual([...range(0, 100), ...range(250, 300)]);
    } finally {
      await r.reader.stop();
    }
  });

  it('a position found below the log start when end offsets are looked up is skipped and reported at once', async () => {
    const topic = uniqueTopic('gap-refresh');
    await createTopic(k.kafka, topic, 1);
    await produce(k.kafka, topic, messages(300));
    const r = limitedReader(topic, 100);
    void r.reader.start();
    try {
      await waitFor('the reader paused at offset 100', () => r.reader.state === 'paused');
      await deleteBelow(topic, 300);
      expect(await r.reader.refreshEnds()).toBe(true);
      expect(r.gaps).toEqual([{ topic, partition: 0, from: 100n, to: 300n }]);
      r.sink.limit = Infinity;
      r.reader.resume();
      await produce(k.kafka, topic, messages(20, 300));
      await waitFor('the records produced after the gap', () => r.records.length >= 120);
      expect(r.gaps).toHaveLength(1);
      expect(r.records.map((x) => x.offset)).toEqual([...range(0, 100), ...range(300, 320)]);
    } finally {
      await r.reader.stop();
    }
  });

  it('the browser gets a gap message with the offsets it will never get, and every other record once', async () => {
    const topic = uniqueTopic('gap-browser');
    await createTopic(k.kafka, topic, 1);
    await produce(k.kafka, topic, messages(300));
    const h = await startLiveHarness(k.connection, {
      topics: [topic],
      from: 'earliest',
      limits: { batchRecords: 50, statusIntervalMs: 200 },
    });
    // One batch of credit, held: the bridge buffers two more batches and pauses its reader.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const c = collectLive(h, { credit: 1, onBatch: () => held });
    try {
      await waitFor('the bridge to pause its reader', () =>
        c.statuses.some((s) => s.state === 'paused'),
      );
      await deleteBelow(topic, 250);
      release();
      await produce(k.kafka, topic, messages(50, 300));
      await waitFor('a gap and the records after it', () =>
        c.records.some((r) => r.offset === 349n),
      );
      expect(c.gaps).toHaveLength(1);
      const gap = c.gaps[0]!;
      expect(gap).toMatchObject({ type: 'gap', topic, partition: 0, to: '250' });
      const from = Number(gap.from);
      expect(from).toBeGreaterThanOrEqual(50);
      expect(from).toBeLessThan(250);
      expect(gap.message).toBe(
        `topic "${topic}" partition 0: offsets ${from}–249 (${250 - from} offsets) ` +
          'were deleted (retention) before they were read',
      );
      expect(offsetsByPartition(c.records).get(`${topic}/0`)).toEqual([
        ...range(0, from),
        ...range(250, 350),
      ]);
      expect(c.statuses.at(-1)!.error).toMatchObject({ code: 'offset-gap' });
    } finally {
      c.connection.close();
      await h.close();
    }
  });

  it('a client resuming from a position that was deleted while it was away gets a gap message', async () => {
    const topic = uniqueTopic('gap-resume');
    await createTopic(k.kafka, topic, 1);
    await produce(k.kafka, topic, messages(300));
    await deleteBelow(topic, 120);
    const h = await startLiveHarness(k.connection, { topics: [topic], from: 'earliest' });
    const ws = new WebSocket(`${h.url}?token=${h.token}`, { origin: h.origin });
    const received: ServerMessage[] = [];
    ws.on('message', (data, isBinary) => {
      if (!isBinary) received.push(parseServerMessage(String(data)));
    });
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'start', resume: [{ topic, partition: 0, next: '100' }] }));
      await waitFor('a gap message', () => received.some((m) => m.type === 'gap'));
      expect(received.filter((m) => m.type === 'gap')).toEqual([
        {
          type: 'gap',
          topic,
          partition: 0,
          from: '100',
          to: '120',
          message: `topic "${topic}" partition 0: offsets 100–119 (20 offsets) were deleted (retention) before they were read`,
        },
      ]);
      expect(received[0]).toMatchObject({
        type: 'hello',
        resumed: 1,
        partitions: [{ topic, partition: 0, next: '120' }],
      });
    } finally {
      ws.close();
      await h.close();
    }
  });
});
