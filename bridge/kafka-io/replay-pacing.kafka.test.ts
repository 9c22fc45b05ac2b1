import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { writeRecordingFile } from '../recording/file.ts';
import { produceRecords } from './produce-records.ts';
import { runRecord } from './record-topics.ts';
import { runReplay } from './replay-recording.ts';
import {
  byPartitionAndOffset,
  readRecordingFile,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';

// Timing tests assert lower bounds only: pacing may run late on a busy machine, never early.
let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

function rec(topic: string, partition: number, offset: number, timestamp: number): KafkaRecord {
  return {
    topic,
    partition,
    offset: BigInt(offset),
    timestamp,
    key: `k${offset}`,
    headers: [],
    value: `${partition}/${offset}`,
  };
}

/** The replayed topic's records, by partition and offset. */
async function readBack(topic: string): Promise<KafkaRecord[]> {
  const out = join(k.dir, `${topic}.ndjson`);
  await runRecord({
    connection: k.connection,
    topics: [topic],
    from: { kind: 'earliest' },
    to: { kind: 'latest' },
    out,
  });
  return byPartitionAndOffset(await readRecordingFile(out));
}

function gaps(records: KafkaRecord[]): number[] {
  return records.slice(1).map((r, i) => r.timestamp! - records[i]!.timestamp!);
}

describe('replay pacing', () => {
  it('--speed 10 spaces records 2 s apart by at least 80% of 0.2 s each', async () => {
    const topic = uniqueTopic('paced');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(
      file,
      [0, 1, 2, 3].map((i) => rec(topic, 0, i, T0 + i * 2000)),
    );
    const started = Date.now();
    const summary = await runReplay({ connection: k.connection, file, speed: 10 });
    const elapsed = Date.now() - started;
    expect(summary.records).toBe(4);
    expect(elapsed).toBeGreaterThanOrEqual(0.8 * 600);
    // Each record carries the time it was sent (the default).
    const sent = await readBack(`replay.${topic}`);
    for (const gap of gaps(sent)) expect(gap).toBeGreaterThanOrEqual(0.8 * 200);
  }, 60_000);

  it('records of different partitions go out in timestamp order, each partition in its own order', async () => {
    const topic = uniqueTopic('merged');
    const file = join(k.dir, `${topic}.ndjson`);
    // File order p0, p0, p1 (as a recording lists a partition's batch at a time); by time p1's
    // record falls between p0's two.
    await writeRecordingFile(file, [
      rec(topic, 0, 0, T0),
      rec(topic, 0, 1, T0 + 4000),
      rec(topic, 1, 0, T0 + 2000),
    ]);
    await runReplay({ connection: k.connection, file, speed: 10 });
    const [p0a, p0b, p1] = await readBack(`replay.${topic}`);
    expect([p0a?.value, p0b?.value, p1?.value]).toEqual(['0/0', '0/1', '1/0']);
    // Records are paced against one anchor, so a slow first send (connecting, creating the
    // topic) shortens the first gap; the second gap, between warm sends, is the 200 ms at 10×.
    expect(p1!.timestamp!).toBeGreaterThanOrEqual(p0a!.timestamp!);
    expect(p0b!.timestamp! - p1!.timestamp!).toBeGreaterThanOrEqual(0.8 * 200);
  }, 60_000);

  it('realtime sends each record no earlier than its own timestamp', async () => {
    const topic = uniqueTopic('realtime');
    const now = Date.now();
    const records = [rec(topic, 0, 0, now + 300), rec(topic, 0, 1, now + 700)];
    await produceRecords(records, {
      connection: k.connection,
      topicFor: (t) => `live.${t}`,
      pacing: { speed: 1, realtime: true },
      retime: true,
    });
    const sent = await readBack(`live.${topic}`);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.timestamp).toBeGreaterThanOrEqual(now + 300);
    expect(sent[1]!.timestamp).toBeGreaterThanOrEqual(now + 700);
  }, 60_000);

  it('--speed max does not wait out the original gaps (--keep-timestamps shows them)', async () => {
    const topic = uniqueTopic('max');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(
      file,
      [0, 1, 2, 3].map((i) => rec(topic, 0, i, T0 + i * 2000)),
    );
    const started = Date.now();
    await runReplay({ connection: k.connection, file, speed: 'max', keepTimestamps: true });
    expect(Date.now() - started).toBeLessThan(6000);
    expect((await readBack(`replay.${topic}`)).map((r) => r.timestamp)).toEqual([
      T0,
      T0 + 2000,
      T0 + 4000,
      T0 + 6000,
    ]);
  }, 60_000);

  it('an abort while waiting for the next record stops the replay, reported as unfinished', async () => {
    const topic = uniqueTopic('aborted');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(
      file,
      [0, 1, 2].map((i) => rec(topic, 0, i, T0 + i * 60_000)),
    );
    const controller = new AbortController();
    const summary = await runReplay(
      {
        connection: k.connection,
        file,
        speed: 1,
        onProgress: (p) => {
          if (p.records === 1) controller.abort();
        },
      },
      controller.signal,
    );
    expect(summary).toMatchObject({ records: 1, finished: false });
    expect((await readBack(`replay.${topic}`)).map((r) => r.value)).toEqual(['0/0']);
  }, 60_000);
});
