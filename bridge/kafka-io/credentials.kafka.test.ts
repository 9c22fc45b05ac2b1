import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaslMechanism } from './connection-options.ts';
import { runRecord } from './record-topics.ts';
import { runReplay } from './replay-recording.ts';
import { createTopic, startTestKafka, uniqueTopic, type TestKafka } from '../testing/test-kafka.ts';
import { writeRecordingFile } from '../recording/file.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin/tapedeck.js');
const PASSWORD = 'pw-Zq7!never-print-me';

// The test broker has no SASL listener, so every SASL attempt fails: the path where a careless
// error or log line would echo credentials.
let k: TestKafka;
let topic: string;
beforeAll(async () => {
  k = await startTestKafka();
  topic = uniqueTopic('creds');
  await createTopic(k.kafka, topic, 1);
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

describe('credentials are never printed', () => {
  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as SaslMechanism[]) {
    it(`a failed ${mechanism} login logs (at debug level) and throws without the password`, async () => {
      const lines: string[] = [];
      const connection = {
        brokers: [k.broker.bootstrap],
        sasl: { mechanism, username: 'alice', password: PASSWORD },
        log: (line: string) => lines.push(line),
        logLevel: logLevel.DEBUG,
      };
      const error: unknown = await runRecord({
        connection,
        topics: [topic],
        from: { kind: 'earliest' },
        to: { kind: 'latest' },
        out: join(k.dir, 'never.ndjson'),
      }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(
        `cannot connect to Kafka at ${k.broker.bootstrap}, SASL ${mechanism} as alice`,
      );
      expect(lines.length).toBeGreaterThan(0);
      for (const text of [...lines, (error as Error).message, String((error as Error).stack)]) {
        expect(text).not.toContain(PASSWORD);
      }
    });
  }

  it('`tapedeck record` and `tapedeck replay` with TAPEDECK_SASL_PASSWORD fail without printing it', async () => {
    const recording = join(k.dir, 'one.ndjson');
    await writeRecordingFile(recording, [
      { topic, partition: 0, offset: 0n, timestamp: Date.now(), key: 'k', headers: [], value: 'v' },
    ]);
    const env = {
      ...process.env,
      TAPEDECK_SASL_PASSWORD: PASSWORD,
      TAPEDECK_SASL_MECHANISM: 'plain',
      TAPEDECK_SASL_USERNAME: 'alice',
    };
    const runs = [
      [
        'record',
        '--brokers',
        k.broker.bootstrap,
        '--topics',
        topic,
        '--out',
        join(k.dir, 'never.ndjson'),
      ],
      ['replay', recording, '--brokers', k.broker.bootstrap, '--speed', 'max'],
    ];
    for (const args of runs) {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: REPO,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, output).toBe(1);
      expect(output).toContain('tapedeck: cannot connect to Kafka at');
      expect(output).toContain('SASL plain as alice');
      expect(output).not.toContain(PASSWORD);
    }
  }, 60_000);

  it('a failed scram-sha-512 login in runReplay logs and throws without the password', async () => {
    const recording = join(k.dir, 'two.ndjson');
    await writeRecordingFile(recording, [
      { topic, partition: 0, offset: 0n, timestamp: Date.now(), key: 'k', headers: [], value: 'v' },
    ]);
    const lines: string[] = [];
    const error: unknown = await runReplay({
      connection: {
        brokers: [k.broker.bootstrap],
        sasl: { mechanism: 'scram-sha-512', username: 'alice', password: PASSWORD },
        log: (line) => lines.push(line),
        logLevel: logLevel.DEBUG,
      },
      file: recording,
      speed: 'max',
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, (error as Error).message]) expect(text).not.toContain(PASSWORD);
  });
});
