import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

// Debian's kcat (`apt-get install -y kcat`); .ci/run installs it.
const run = promisify(execFile);

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;

describe('kcat compatibility', () => {
  it('kcat -C -J and tapedeck record of the same topic load into identical records', async () => {
    const topic = uniqueTopic('kcat');
    await createTopic(k.kafka, topic, 2);
    await produce(k.kafka, topic, [
      {
        partition: 0,
        key: 'o-1',
        value: '{"status":"PLACED","amount":12.5}',
        timestamp: String(T0),
        headers: {
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tag: ['a', 'b'],
        },
      },
      {
        partition: 0,
        key: null,
        value: 'no key, "quotes", back\\slash, tab\t, newline\n',
        timestamp: String(T0 + 1),
      },
      { partition: 0, key: 'gone', value: null, timestamp: String(T0 + 2) },
      {
        partition: 1,
        key: 'ü-ключ-🍕',
        value: '{"text":"naïve café 🍕"}',
        timestamp: String(T0 + 3),
        headers: { empty: '' },
      },
      { partition: 1, key: '', value: '', timestamp: String(T0 + 4) },
      {
        partition: 1,
        key: 'ctl',
        value: 'bell\u0007 nul\u0000 del\u007f',
        timestamp: String(T0 + 5),
      },
    ]);

    const ours = join(k.dir, 'tapedeck.ndjson.gz');
    await runRecord({
      connection: k.connection,
      topics: [topic],
      from: { kind: 'earliest' },
      to: { kind: 'latest' },
      out: ours,
    });
    const { stdout } = await run(
      'kcat',
      ['-C', '-J', '-e', '-q', '-b', k.broker.bootstrap, '-t', topic],
      { timeout: 30_000, maxBuffer: 16 << 20 },
    );
    const theirs = join(k.dir, 'kcat.ndjson');
    await writeFile(theirs, stdout);

    const fromKcat = byPartitionAndOffset(await readRecordingFile(theirs));
    const fromTapedeck = byPartitionAndOffset(await readRecordingFile(ours));
    expect(fromKcat).toHaveLength(6);
    expect(fromTapedeck).toEqual(fromKcat);
    expect(fromKcat[0]).toEqual({
      topic,
      partition: 0,
      offset: 0n,
      timestamp: T0,
      key: 'o-1',
      headers: [
        ['traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
        ['tag', 'a'],
        ['tag', 'b'],
      ],
      value: '{"status":"PLACED","amount":12.5}',
    });
  }, 90_000);
});
