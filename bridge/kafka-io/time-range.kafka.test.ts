import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecord } from './record-topics.ts';
import {
  byPartitionAndOffset,
  createTopic,
  produce,
  readRecordingFile,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';
import { parseTimePoint } from './time-point.ts';

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

/** Partition 0 at T0 + i s, partition 1 at T0 + i s + 500 ms, for i = 0…9; key `p<partition>-<i>`. */
async function tenPerPartition(topic: string): Promise<void> {
  await createTopic(k.kafka, topic, 2);
  const messages = [];
  for (let i = 0; i < 10; i++) {
    for (const p of [0, 1]) {
      messages.push({
        partition: p,
        key: `p${p}-${i}`,
        value: `${i}`,
        timestamp: String(T0 + i * 1000 + p * 500),
      });
    }
  }
  await produce(k.kafka, topic, messages);
}

async function keysInRange(topic: string, from: string, to: string): Promise<string[]> {
  const now = Date.now();
  const out = join(k.dir, `${topic}.ndjson`);
  await runRecord({
    connection: k.connection,
    topics: [topic],
    from: parseTimePoint(from, '--from', now),
    to: parseTimePoint(to, '--to', now),
    out,
  });
  return byPartitionAndOffset(await readRecordingFile(out)).map((r) => r.key ?? '');
}

describe('--from / --to by timestamp', () => {
  it('keeps exactly the records with from ≤ timestamp < to, in every partition', async () => {
    const topic = uniqueTopic('range');
    await tenPerPartition(topic);
    // [T0+3 s, T0+7 s): p0 at 3,4,5,6 s; p1 at 3.5,4.5,5.5,6.5 s.
    const keys = await keysInRange(topic, new Date(T0 + 3000).toISOString(), String(T0 + 7000));
    expect(keys).toEqual(['p0-3', 'p0-4', 'p0-5', 'p0-6', 'p1-3', 'p1-4', 'p1-5', 'p1-6']);
  });

  it('a bound between two records of one partition falls on the next one', async () => {
    const topic = uniqueTopic('range');
    await tenPerPartition(topic);
    // [T0+8.5 s, latest): p0 at 9 s; p1 at 8.5 s (inclusive start) and 9.5 s.
    const keys = await keysInRange(topic, new Date(T0 + 8500).toISOString(), 'latest');
    expect(keys).toEqual(['p0-9', 'p1-8', 'p1-9']);
  });

  it('earliest to a time before every record is empty, and a from after every record is empty', async () => {
    const topic = uniqueTopic('range');
    await tenPerPartition(topic);
    expect(await keysInRange(topic, 'earliest', String(T0 - 1))).toEqual([]);
    expect(await keysInRange(topic, String(T0 + 60_000), 'latest')).toEqual([]);
  });

  it('a relative --from counts back from now', async () => {
    const topic = uniqueTopic('relative');
    await createTopic(k.kafka, topic, 1);
    const now = Date.now();
    await produce(k.kafka, topic, [
      { key: 'ten-minutes-ago', value: 'a', timestamp: String(now - 600_000) },
      { key: 'three-minutes-ago', value: 'b', timestamp: String(now - 180_000) },
      { key: 'one-minute-ago', value: 'c', timestamp: String(now - 60_000) },
    ]);
    expect(await keysInRange(topic, '-5m', 'now')).toEqual(['three-minutes-ago', 'one-minute-ago']);
    expect(await keysInRange(topic, '-15m', '-2m')).toEqual([
      'ten-minutes-ago',
      'three-minutes-ago',
    ]);
  });

  it('an unknown topic fails naming it', async () => {
    await expect(
      runRecord({
        connection: k.connection,
        topics: ['no-such-topic-here'],
        from: { kind: 'earliest' },
        to: { kind: 'latest' },
        out: join(k.dir, 'none.ndjson'),
      }),
    ).rejects.toThrow('topic not found: "no-such-topic-here"');
  });
});
