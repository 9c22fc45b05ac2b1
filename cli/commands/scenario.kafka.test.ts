import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { generateKitchen, KITCHEN_DEFAULTS, KITCHEN_TOPICS } from '../../scenarios/index.ts';
import { type KafkaRecord } from '../../formats/index.ts';
import { runRecord } from '../../bridge/index.ts';
import { readRecordingFile, startTestKafka, type TestKafka } from '../../bridge/testing/index.ts';
import { runTapedeck, type CliRun } from '../testing/index.ts';

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

const tapedeck = (...args: string[]): Promise<CliRun> => runTapedeck(args);

describe('tapedeck scenario kitchen --brokers', () => {
  it('produces every generated record into its topic and partition, keys, headers and timestamps kept', async () => {
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
    const args = ['--seed', '5', '--duration', '20m', '--restaurants', '1', '--incidents', 'none'];
    const run = await tapedeck(
      'scenario',
      'kitchen',
      ...args,
      '--start',
      new Date(start).toISOString(),
      '--brokers',
      k.broker.bootstrap,
    );
    expect(run.stderr).not.toContain('tapedeck:');
    expect(run.code).toBe(0);

    const expected = generateKitchen({
      ...KITCHEN_DEFAULTS,
      seed: 5,
      start,
      durationMs: 20 * 60_000,
      restaurants: 1,
      incidents: [],
    }).records;
    const topics = [...new Set(expected.map((r) => r.topic))].sort();

    // Every topic is created with the scenario's partitions, also one whose records in these
    // 20 minutes fall in fewer of them: a later, longer run into the same broker needs them all.
    const used = (t: string) =>
      new Set(expected.filter((r) => r.topic === t).map((r) => r.partition));
    const partial = topics.filter(
      (t) => used(t).size < KITCHEN_TOPICS[t as keyof typeof KITCHEN_TOPICS],
    );
    expect(partial.length).toBeGreaterThan(0);
    const admin = new Kafka({ brokers: [k.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      expect(Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]))).toEqual(
        Object.fromEntries(
          topics.map((t) => [t, KITCHEN_TOPICS[t as keyof typeof KITCHEN_TOPICS]]),
        ),
      );
    } finally {
      await admin.disconnect();
    }
    const out = join(k.dir, 'scenario-back.ndjson');
    await runRecord({
      connection: k.connection,
      topics,
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out,
    });
    const key = (r: KafkaRecord) => `${r.topic}/${r.partition}/${r.offset}`;
    const got = new Map((await readRecordingFile(out)).map((r) => [key(r), r]));
    expect(got.size).toBe(expected.length);
    for (const r of expected) {
      const back = got.get(key(r));
      expect(back, key(r)).toBeDefined();
      expect([back!.key, back!.value, back!.timestamp, back!.headers]).toEqual([
        r.key,
        r.value,
        r.timestamp,
        r.headers,
      ]);
    }
  });

  it('refuses --realtime without --brokers, naming the option', async () => {
    const run = await tapedeck(
      'scenario',
      'kitchen',
      '--realtime',
      '--out',
      join(k.dir, 'x.ndjson'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--realtime');
  });
});
