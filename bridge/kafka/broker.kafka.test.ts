import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders, type Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka, type KafkaBroker } from './broker.ts';
import { KAFKA_VERSION } from './defaults.ts';

// One real broker for the whole file. `npm run test:kafka` fetches the jars first (the Maven
// fetch can take minutes on a cold cache).
let broker: KafkaBroker;
let kafka: Kafka;

beforeAll(async () => {
  broker = await startKafka({ port: 0 });
  kafka = new Kafka({
    clientId: 'broker-test',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
}, 300_000);

afterAll(async () => {
  await broker?.stop();
}, 60_000);

interface Seen {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string | string[]>;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map((v) => v.toString()) : value.toString();
  }
  return out;
}

/** Reads `count` records from the start of `topic` with a fresh group that never commits. */
async function consumeAll(topic: string, count: number, groupId: string): Promise<Seen[]> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: Seen[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${seen.length} of ${count} records from ${topic} in 30 s`)),
        30_000,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          seen.push({
            partition,
            offset: message.offset,
            timestamp: message.timestamp,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: decodeHeaders(message.headers),
          });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

describe(`local Apache Kafka ${KAFKA_VERSION}`, () => {
  it('kafkajs 2.2.4 creates, produces with keys and headers, consumes without committing, and finds offsets by timestamp', async () => {
    const topic = `compat-${randomUUID()}`;
    const groupId = `tapedeck-test-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(
        await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
      ).toBe(true);
      // Partition p holds p+2 records spaced (p+1) s apart from t0, so a timestamp lookup lands
      // on a different index in each partition.
      const t0 = Date.now() - 60_000;
      const messages: Message[] = [];
      for (let p = 0; p < 3; p++) {
        for (let i = 0; i < p + 2; i++) {
          messages.push({
            partition: p,
            key: `k-${p}-${i}`,
            value: JSON.stringify({ p, i }),
            timestamp: String(t0 + i * 1000 * (p + 1)),
            headers: { traceparent: `tp-${p}-${i}`, tag: ['a', 'b'] },
          });
        }
      }
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages });
      await producer.disconnect();

      const seen = await consumeAll(topic, 9, groupId);
      expect(seen).toHaveLength(9);
      expect(seen.map((r) => `${r.partition}/${r.offset}`)).toEqual([
        '0/0',
        '0/1',
        '1/0',
        '1/1',
        '1/2',
        '2/0',
        '2/1',
        '2/2',
        '2/3',
      ]);
      expect(seen[4]).toEqual({
        partition: 1,
        offset: '2',
        timestamp: String(t0 + 4000),
        key: 'k-1-2',
        value: '{"p":1,"i":2}',
        headers: { traceparent: 'tp-1-2', tag: ['a', 'b'] },
      });

      const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed[0]?.partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1']);

      // Lookup at t0+2.5 s: p0 (t0, t0+1s) has no later record → its end offset 2;
      // p1 (t0, +2s, +4s) → offset 2; p2 (t0, +3s, +6s, +9s) → offset 1.
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, t0 + 2500);
      expect(byTime.sort((a, b) => a.partition - b.partition)).toEqual([
        { partition: 0, offset: '2' },
        { partition: 1, offset: '2' },
        { partition: 2, offset: '1' },
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps acknowledged records across a hard kill and restart on the same port', async () => {
    const topic = `durable-${randomUUID()}`;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [1, 2, 3, 4, 5].map((n) => ({
        key: `k${n}`,
        value: `v${n}`,
        headers: { n: String(n) },
      })),
    });
    await producer.disconnect();

    await broker.kill();
    await broker.restart();

    const seen = await consumeAll(topic, 5, `tapedeck-test-${randomUUID()}`);
    expect(seen.map((r) => [r.partition, r.offset, r.key, r.value, r.headers])).toEqual([
      [0, '0', 'k1', 'v1', { n: '1' }],
      [0, '1', 'k2', 'v2', { n: '2' }],
      [0, '2', 'k3', 'v3', { n: '3' }],
      [0, '3', 'k4', 'v4', { n: '4' }],
      [0, '4', 'k5', 'v5', { n: '5' }],
    ]);
  }, 120_000);

  it('a second broker on a port in use fails with PORT_IN_USE naming the port', async () => {
    await expect(startKafka({ port: broker.port })).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: expect.stringContaining(`port ${broker.port} on 127.0.0.1 is already in use`),
    });
  });

  it('a second broker on a data dir in use fails with DATA_DIR_IN_USE and leaves the first running', async () => {
    await expect(startKafka({ dataDir: broker.dataDir })).rejects.toMatchObject({
      code: 'DATA_DIR_IN_USE',
      message: expect.stringContaining(`data dir ${broker.dataDir} is in use by process`),
    });
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
  });

  it('a missing java fails with JAVA_NOT_FOUND naming the executable', async () => {
    await expect(startKafka({ java: '/nonexistent/bin/java' })).rejects.toMatchObject({
      code: 'JAVA_NOT_FOUND',
      message: expect.stringContaining('java not found: "/nonexistent/bin/java"'),
    });
  });
});
