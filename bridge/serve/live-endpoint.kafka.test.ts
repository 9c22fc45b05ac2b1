import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createTopic,
  produce,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';
import {
  decodeBatchFrame,
  parseServerMessage,
  type HelloMessage,
  type StatusMessage,
} from '../../formats/index.ts';
import {
  collectLive,
  offsetsByPartition,
  startLiveHarness,
  upgradeStatus,
  waitFor,
} from '../testing/live-harness.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/tapedeck.js', import.meta.url));

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

/** `count` JSON records spread over `partitions` partitions, numbered from `from`. */
function messages(count: number, partitions: number, from = 0): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    partition: (from + i) % partitions,
    key: `k${from + i}`,
    value: JSON.stringify({ n: from + i }),
  }));
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => BigInt(from + i));

describe('live stream', () => {
  it('delivers the records present at --from and those produced later, each once, in offset order', async () => {
    const topic = uniqueTopic('live-deliver');
    await createTopic(k.kafka, topic, 3);
    await produce(k.kafka, topic, messages(300, 3));
    const h = await startLiveHarness(k.connection, { topics: [topic], from: 'earliest' });
    let hello: HelloMessage | null = null;
    const c = collectLive(h, { onHello: (m) => (hello = m) });
    try {
      await waitFor('the first 300 records', () => c.records.length >= 300);
      await produce(k.kafka, topic, messages(200, 3, 300));
      await waitFor('all 500 records', () => c.records.length >= 500);
      expect(hello).toMatchObject({
        protocol: 1,
        topics: [topic],
        from: 'earliest',
        resumed: 0,
        partitions: [0, 1, 2].map((partition) => ({ topic, partition, next: '0' })),
      });
      const offsets = offsetsByPartition(c.records);
      expect(offsets.get(`${topic}/0`)).toEqual(range(167));
      expect(offsets.get(`${topic}/1`)).toEqual(range(167));
      expect(offsets.get(`${topic}/2`)).toEqual(range(166));
      expect(c.records.find((r) => r.offset === 166n && r.partition === 0)?.value).toBe(
        '{"n":498}',
      );
    } finally {
      c.connection.close();
      await h.close();
    }
  });

  it('starts each partition at the first record at or after --from, looked up by timestamp', async () => {
    const topic = uniqueTopic('live-from');
    await createTopic(k.kafka, topic, 1);
    const twoHoursAgo = String(Date.now() - 2 * 3_600_000);
    const old = messages(5, 1).map((m) => ({ ...m, timestamp: twoHoursAgo }));
    await produce(k.kafka, topic, old, messages(4, 1, 5));
    const h = await startLiveHarness(k.connection, { topics: [topic], from: '-1h' });
    let hello: HelloMessage | null = null;
    const c = collectLive(h, { onHello: (m) => (hello = m) });
    try {
      await waitFor('the 4 recent records', () => c.records.length >= 4);
      expect(hello!.partitions).toEqual([{ topic, partition: 0, next: '5' }]);
      expect(c.records.map((r) => r.offset)).toEqual(range(4, 5));
    } finally {
      c.connection.close();
      await h.close();
    }
  });

  it('a client that grants no credit pauses the consumer: at most two batches wait in the bridge', async () => {
    const topic = uniqueTopic('live-credit');
    await createTopic(k.kafka, topic, 2);
    await produce(
      k.kafka,
      topic,
      ...Array.from({ length: 5 }, (_, g) => messages(1000, 2, g * 1000)),
    );
    const h = await startLiveHarness(k.connection, {
      topics: [topic],
      from: 'earliest',
      limits: { batchRecords: 100, bufferBatches: 2, statusIntervalMs: 200 },
    });
    const ws = new WebSocket(`${h.url}?token=${h.token}`, { origin: h.origin });
    const statuses: StatusMessage[] = [];
    const batches: number[] = [];
    ws.on('message', (data, isBinary) => {
      if (isBinary) batches.push(decodeBatchFrame(new Uint8Array(data as Buffer)).records);
      else {
        const m = parseServerMessage(String(data));
        if (m.type === 'status') statuses.push(m);
      }
    });
    await new Promise((resolve) => ws.once('open', resolve));
    try {
      ws.send(JSON.stringify({ type: 'start' }));
      const pausedWithLag = () =>
        statuses.some(
          (s) => s.state === 'paused' && s.partitions.every((p) => p.lag !== null && p.lag > 0),
        );
      await waitFor('a paused status with lag known', pausedWithLag);
      const paused = statuses.filter((s) => s.state === 'paused').at(-1)!;
      expect(paused.buffered.records).toBe(200);
      expect(paused.partitions.reduce((sum, p) => sum + p.lag!, 0)).toBe(4800);
      expect(Math.max(...statuses.map((s) => s.buffered.records))).toBeLessThanOrEqual(200);
      expect(batches).toEqual([]);

      // One unit of credit: one full batch goes out, the reader refills the buffer and pauses.
      const seen = statuses.length;
      ws.send(JSON.stringify({ type: 'credit', batches: 1 }));
      await waitFor('one batch', () => batches.length === 1);
      await waitFor('paused again with 200 buffered', () =>
        statuses
          .slice(seen)
          .some((s) => s.state === 'paused' && s.buffered.records === 200 && s.credit === 0),
      );
      expect(batches).toEqual([100]);
      const last = statuses.at(-1)!;
      expect(last.sent).toEqual({ batches: 1, records: 100 });
      expect(Math.max(...statuses.map((s) => s.buffered.records))).toBeLessThanOrEqual(200);
    } finally {
      ws.close();
      await h.close();
    }
  });

  it('resumes after the socket drops: connectLive reconnects and each offset arrives once', async () => {
    const topic = uniqueTopic('live-drop');
    await createTopic(k.kafka, topic, 2);
    await produce(k.kafka, topic, messages(1000, 2));
    const h = await startLiveHarness(k.connection, {
      topics: [topic],
      from: 'earliest',
      limits: { batchRecords: 50 },
    });
    let dropped = false;
    const c = collectLive(h, {
      credit: 1,
      onBatch: () => {
        // Drop the socket mid-stream, with batches in flight and records buffered at the bridge.
        if (!dropped && c.batches === 3) {
          dropped = true;
          c.socket()?.terminate();
        }
      },
    });
    try {
      await waitFor('all 1000 records', () => c.records.length >= 1000);
      expect(dropped).toBe(true);
      const offsets = offsetsByPartition(c.records);
      expect(offsets.get(`${topic}/0`)).toEqual(range(500));
      expect(offsets.get(`${topic}/1`)).toEqual(range(500));
      expect(c.records).toHaveLength(1000);
    } finally {
      c.connection.close();
      await h.close();
    }
  });

  it('passes malformed JSON, binary values, tombstones, 1 MB values, records without timestamps and multi-byte text', async () => {
    const topic = uniqueTopic('live-odd');
    await createTopic(k.kafka, topic, 1);
    const big = 'x'.repeat(1_000_000);
    await produce(
      k.kafka,
      topic,
      [
        { value: '{"status": "REJ' },
        { value: Buffer.from([0x00, 0xff, 0xfe, 0x80]) },
        { key: 'gone', value: null },
      ],
      [{ value: big }],
      [{ value: '{"a":1}', timestamp: '-1' }],
      [{ key: 'clé', value: '{"city":"Zürich 😀\u2028"}', headers: { 'x-é': 'ü' } }],
    );
    const h = await startLiveHarness(k.connection, { topics: [topic], from: 'earliest' });
    const c = collectLive(h);
    try {
      await waitFor('6 records', () => c.records.length >= 6);
      const [malformed, binary, tombstone, large, noTimestamp, text] = c.records;
      expect(malformed!.value).toBe('{"status": "REJ');
      expect([binary!.value, binary!.valueEncoding]).toEqual(['AP/+gA==', 'base64']);
      expect([tombstone!.key, tombstone!.value]).toEqual(['gone', null]);
      expect(large!.value).toHaveLength(1_000_000);
      expect([noTimestamp!.timestamp, noTimestamp!.value]).toEqual([null, '{"a":1}']);
      expect([text!.key, text!.value, text!.headers]).toEqual([
        'clé',
        '{"city":"Zürich 😀\u2028"}',
        [['x-é', 'ü']],
      ]);
      expect(c.records.map((r) => r.offset)).toEqual(range(6));
    } finally {
      c.connection.close();
      await h.close();
    }
  });
});

describe('who may connect', () => {
  it('refuses other origins (403), a missing or wrong token (401) and other paths (404)', async () => {
    const h = await startLiveHarness(k.connection, { topics: [] });
    try {
      const good = `${h.url}?token=${h.token}`;
      expect(await upgradeStatus(good, 'https://evil.example')).toBe(403);
      expect(await upgradeStatus(good, 'http://127.0.0.1:1')).toBe(403);
      expect(await upgradeStatus(good)).toBe(403);
      expect(await upgradeStatus(h.url, h.origin)).toBe(401);
      expect(await upgradeStatus(`${h.url}?token=${h.token}x`, h.origin)).toBe(401);
      expect(await upgradeStatus(good.replace('/live', '/other'), h.origin)).toBe(404);
      expect(h.endpoint.sessions).toBe(0);
      expect(await upgradeStatus(good, h.origin)).toBe(101);
      expect(await upgradeStatus(good, h.origin.replace('127.0.0.1', 'localhost'))).toBe(101);
    } finally {
      await h.close();
    }
  });

  it('tapedeck serve --brokers prints a URL whose fragment holds the token /live accepts', async () => {
    const topic = uniqueTopic('live-cli');
    await createTopic(k.kafka, topic, 1);
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--no-build', '--port', '0', '--brokers', k.broker.bootstrap],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await waitFor('the URL', () => /Tapedeck: \S+#token=\S+\n/.test(out), 45_000).catch(
        (e: Error) => {
          throw new Error(`${e.message}\nstdout: ${out}\nstderr: ${err}`);
        },
      );
      expect(out).toMatch(new RegExp(`Live: \\d+ topic\\(s\\) from -15m .*${topic}`));
      const page = new URL(/Tapedeck: (\S+)/.exec(out)![1]!);
      const token = new URLSearchParams(page.hash.slice(1)).get('token')!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const live = `ws://${page.host}/live?token=${token}`;
      expect(await upgradeStatus(live, page.origin)).toBe(101);
      expect(await upgradeStatus(live, 'http://localhost:5173')).toBe(403);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
