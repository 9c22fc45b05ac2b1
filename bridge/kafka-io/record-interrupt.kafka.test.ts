import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { runRecord } from './record-topics.ts';
import {
  createTopic,
  produce,
  readRecordingFile,
  startTestKafka,
  uniqueTopic,
  type TestKafka,
} from '../testing/test-kafka.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin/tapedeck.js');

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

/** Offsets of each partition's records, in file order. */
function offsetsByPartition(records: KafkaRecord[]): Map<number, bigint[]> {
  const out = new Map<number, bigint[]>();
  for (const r of records) out.set(r.partition, [...(out.get(r.partition) ?? []), r.offset]);
  return out;
}

describe('stopping a recording early', () => {
  it('an abort mid-way leaves a complete gzip file holding a prefix of each partition', async () => {
    const topic = uniqueTopic('interrupt');
    await createTopic(k.kafka, topic, 3);
    // 1.8 MB per partition: more than one fetch (1 MB per partition) is needed to read it.
    const value = 'x'.repeat(300);
    const groups: Message[][] = [];
    for (let g = 0; g < 18; g++) {
      groups.push(
        Array.from({ length: 1000 }, (_, i) => ({
          partition: (g * 1000 + i) % 3,
          key: `k${g}-${i}`,
          value,
        })),
      );
    }
    await produce(k.kafka, topic, ...groups);

    const out = join(k.dir, 'aborted.ndjson.gz');
    const controller = new AbortController();
    const summary = await runRecord(
      {
        connection: k.connection,
        topics: [topic],
        from: { kind: 'earliest' },
        to: { kind: 'latest' },
        out,
        onProgress: (_positions, records) => {
          if (records > 0) controller.abort();
        },
      },
      controller.signal,
    );

    expect(summary.reachedEnd).toBe(false);
    expect(summary.records).toBeGreaterThan(0);
    expect(summary.records).toBeLessThan(18_000);
    // A whole gzip stream (gunzip checks the trailer) of whole lines.
    const text = gunzipSync(await readFile(out)).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const records = await readRecordingFile(out);
    expect(records).toHaveLength(summary.records);
    for (const [partition, offsets] of offsetsByPartition(records)) {
      expect(offsets).toEqual(offsets.map((_, i) => BigInt(i)));
      expect(summary.partitions.find((p) => p.partition === partition)?.position).toBe(
        BigInt(offsets.length),
      );
    }
  });

  it('Ctrl-C in `tapedeck record` exits 0 with a complete file of the records read so far', async () => {
    const topic = uniqueTopic('sigint');
    await createTopic(k.kafka, topic, 1);
    // 10 MB in one partition: ten fetches of 1 MB, about a second of reading after the first
    // batch even on a fast machine — ample time for the signal to land mid-way.
    const value = 'y'.repeat(1000);
    const groups: Message[][] = [];
    for (let g = 0; g < 20; g++) {
      groups.push(Array.from({ length: 500 }, (_, i) => ({ key: `k${g * 500 + i}`, value })));
    }
    await produce(k.kafka, topic, ...groups);

    const out = join(k.dir, 'sigint.ndjson.gz');
    const child = spawn(process.execPath, [CLI, 'record', '--topics', topic, '--out', out], {
      cwd: REPO,
      env: { ...process.env, TAPEDECK_BROKERS: k.broker.bootstrap },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no progress in 60 s; stderr: ${stderr}`)),
        60_000,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Stderr is a pipe: progress comes as plain lines, the first one at the first batch.
        if (/recorded [\d,]+ records · /.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping: finishing the file');
    expect(stdout).toMatch(new RegExp(`^recorded \\d+ records from ${topic} \\(1 partitions\\)`));
    const stoppedAt = /the file is complete up to: \S+\/0 offset (\d+) of 10000/.exec(stdout);
    expect(stoppedAt, stdout).not.toBeNull();

    const text = gunzipSync(await readFile(out)).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const records = await readRecordingFile(out);
    expect(records.length).toBe(Number(stoppedAt![1]));
    expect(records.length).toBeLessThan(10_000);
    expect(records.map((r) => r.key)).toEqual(records.map((_, i) => `k${i}`));
  }, 120_000);
});
