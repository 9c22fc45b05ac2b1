import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { runRecord } from './record-topics.ts';
import { runReplay } from './replay-recording.ts';
import {
  byPartitionAndOffset,
  createTopic,
  produce,
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

// Recent enough for the broker's timestamp checks and retention, fixed for the whole file.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const BIG = 'abcdefghij'.repeat(100_000);

describe('record → replay → record', () => {
  it('keeps topic (plus prefix), partition, offset order, key, headers, value and (--keep-timestamps) timestamp', async () => {
    const topic = uniqueTopic('orders');
    await createTopic(k.kafka, topic, 3);
    await produce(
      k.kafka,
      topic,
      [
        {
          partition: 0,
          key: 'o-1',
          value: '{"status":"PLACED"}',
          headers: { traceparent: '00-abc-01', tag: ['a', 'b'] },
          timestamp: String(T0),
        },
        {
          partition: 0,
          key: 'o-2',
          value: '{"status":"ACCEPTED"}',
          headers: { tag: ['x', 'y', 'z'], source: 'app' },
          timestamp: String(T0 + 1000),
        },
        { partition: 0, key: null, value: 'plain text', timestamp: String(T0 + 2000) },
        {
          partition: 1,
          key: 'bin',
          value: Buffer.from([0xff, 0xfe, 0x00, 0x80]),
          timestamp: String(T0 + 500),
        },
        { partition: 1, key: 'gone', value: null, timestamp: String(T0 + 1500) },
        {
          partition: 2,
          key: 'ключ',
          value: '{"emoji":"🍕","text":"naïve"}',
          headers: { empty: '', utf8: 'été' },
          timestamp: String(T0 + 700),
        },
        { partition: 2, key: '', value: '', timestamp: String(T0 + 800) },
      ],
      // Alone: with others in its batch it would pass the broker's 1 MB batch limit.
      [{ partition: 1, key: 'big', value: BIG, timestamp: String(T0 + 2500) }],
    );

    const first = join(k.dir, 'first.ndjson.gz');
    const recorded = await runRecord({
      connection: k.connection,
      topics: [topic],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out: first,
    });
    expect(recorded).toMatchObject({ records: 8, reachedEnd: true });

    const r = (
      partition: number,
      offset: bigint,
      timestamp: number,
      key: string | null,
      value: string | null,
      headers: Array<[string, string | null]> = [],
    ): KafkaRecord => ({ topic, partition, offset, timestamp, key, headers, value });
    const expected: KafkaRecord[] = [
      r(0, 0n, T0, 'o-1', '{"status":"PLACED"}', [
        ['traceparent', '00-abc-01'],
        ['tag', 'a'],
        ['tag', 'b'],
      ]),
      r(0, 1n, T0 + 1000, 'o-2', '{"status":"ACCEPTED"}', [
        ['tag', 'x'],
        ['tag', 'y'],
        ['tag', 'z'],
        ['source', 'app'],
      ]),
      r(0, 2n, T0 + 2000, null, 'plain text'),
      { ...r(1, 0n, T0 + 500, 'bin', '//4AgA=='), valueEncoding: 'base64' },
      r(1, 1n, T0 + 1500, 'gone', null),
      r(1, 2n, T0 + 2500, 'big', BIG),
      r(2, 0n, T0 + 700, 'ключ', '{"emoji":"🍕","text":"naïve"}', [
        ['empty', ''],
        ['utf8', 'été'],
      ]),
      r(2, 1n, T0 + 800, '', ''),
    ];
    const firstRecords = await readRecordingFile(first);
    expect(byPartitionAndOffset(firstRecords)).toEqual(expected);

    const replayed = await runReplay({
      connection: k.connection,
      file: first,
      speed: 'max',
      replayId: 'run-1',
      keepTimestamps: true,
    });
    expect(replayed).toMatchObject({ records: 8, finished: true, nullHeaderValues: 0 });

    const second = join(k.dir, 'second.ndjson');
    await runRecord({
      connection: k.connection,
      topics: [`replay.${topic}`],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out: second,
    });
    const secondRecords = byPartitionAndOffset(await readRecordingFile(second));
    expect(secondRecords).toEqual(
      expected.map((e) => ({
        ...e,
        topic: `replay.${topic}`,
        headers: [
          ...e.headers,
          ['tapedeck-replay-id', 'run-1'],
          ['tapedeck-replay-offset', e.offset.toString()],
        ],
      })),
    );
  }, 120_000);
});
