import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { writeRecordingFile } from '../recording/file.ts';
import { runRecord } from './record-topics.ts';
import { ReplayFailed, runReplay, type ReplayPlan } from './replay-recording.ts';
import { lastHeader } from './replay-resume.ts';
import {
  byPartitionAndOffset,
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

const DAY = 86_400_000;
// Two days old: older than a short retention, well within the test broker's 7 days.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 2 * DAY;

/** `perPartition` records in each of `partitions` partitions, interleaved in time `stepMs` apart. */
function recording(topic: string, partitions: number, perPartition: number, stepMs = 1) {
  const out: KafkaRecord[] = [];
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < perPartition; i++) {
      out.push({
        topic,
        partition: p,
        // Offsets as a recording of a compacted topic might have them: not from 0, with holes.
        offset: BigInt(100 + 2 * i),
        timestamp: T0 + (i * partitions + p) * stepMs,
        key: `k${i}`,
        headers: [['trace', `${p}-${i}`]],
        value: `${p}/${i}`,
      });
    }
  }
  return out;
}

async function readBack(topic: string): Promise<KafkaRecord[]> {
  const out = join(k.dir, `${topic}-${Date.now()}.ndjson`);
  await runRecord({
    connection: k.connection,
    topics: [topic],
    from: { kind: 'earliest' },
    to: { kind: 'latest' },
    out,
  });
  return byPartitionAndOffset(await readRecordingFile(out));
}

/** Per partition, the source offsets (header) of the records of replay `id`, in log order. */
function replayedOffsets(records: KafkaRecord[], id: string): Map<number, bigint[]> {
  const out = new Map<number, bigint[]>();
  for (const r of records) {
    if (lastHeader(r, 'tapedeck-replay-id') !== id) continue;
    const list = out.get(r.partition) ?? [];
    list.push(BigInt(lastHeader(r, 'tapedeck-replay-offset')!));
    out.set(r.partition, list);
  }
  return out;
}

const sourceOffsets = (n: number) => Array.from({ length: n }, (_, i) => BigInt(100 + 2 * i));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('replay timestamps', () => {
  it('by default stamps records with the send time and keeps their own in tapedeck-original-timestamp', async () => {
    const topic = uniqueTopic('stamped');
    const file = join(k.dir, `${topic}.ndjson`);
    const source = recording(topic, 1, 3);
    await writeRecordingFile(file, source);
    const before = Date.now();
    const summary = await runReplay({ connection: k.connection, file, speed: 'max' });
    expect(summary.plan.warnings).toEqual([]);
    const sent = await readBack(`replay.${topic}`);
    expect(sent).toHaveLength(3);
    sent.forEach((r, i) => {
      expect(r.timestamp).toBeGreaterThanOrEqual(before);
      expect(r.headers).toEqual([
        ['trace', `0-${i}`],
        ['tapedeck-replay-id', summary.plan.replayId],
        ['tapedeck-replay-offset', String(100 + 2 * i)],
        ['tapedeck-original-timestamp', String(source[i]!.timestamp)],
      ]);
    });
  }, 60_000);

  it('--keep-timestamps sends the original timestamps and warns that retention may delete them', async () => {
    const topic = uniqueTopic('kept');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(file, recording(topic, 1, 3));
    let plan: ReplayPlan | undefined;
    await runReplay({
      connection: k.connection,
      file,
      speed: 'max',
      keepTimestamps: true,
      onPlan: (p) => (plan = p),
    });
    expect(plan!.warnings).toHaveLength(1);
    expect(plan!.warnings[0]).toContain(
      `--keep-timestamps: records keep their original timestamps, the oldest from ${new Date(T0).toISOString()} (2.0 days ago)`,
    );
    expect(plan!.warnings[0]).toContain('retention.ms');
    const sent = await readBack(`replay.${topic}`);
    expect(sent.map((r) => r.timestamp)).toEqual([T0, T0 + 1, T0 + 2]);
    for (const r of sent) {
      expect(r.headers.map(([name]) => name)).toEqual([
        'trace',
        'tapedeck-replay-id',
        'tapedeck-replay-offset',
      ]);
    }
  }, 60_000);

  it('`tapedeck replay --keep-timestamps` prints the retention warning', async () => {
    const topic = uniqueTopic('kept-cli');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(file, recording(topic, 1, 2));
    const run = await runCli([
      'replay',
      file,
      '--brokers',
      k.broker.bootstrap,
      '--speed',
      'max',
      '--keep-timestamps',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'warning: --keep-timestamps: records keep their original timestamps',
    );
    expect(run.stdout).toContain('replayed 2 of 2 records');
  }, 60_000);
});

describe('replay --resume', () => {
  it('continues after the last record the earlier run wrote, past other writers, each record once', async () => {
    const topic = uniqueTopic('resumed');
    const target = `replay.${topic}`;
    const full = recording(topic, 2, 600);
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(file, full);
    // The state a run leaves when it stops: a prefix of each partition in Kafka.
    const partial = join(k.dir, `${topic}.partial.ndjson`);
    const prefix = (p: number, n: number) => full.filter((r) => r.partition === p).slice(0, n);
    await writeRecordingFile(partial, [...prefix(0, 250), ...prefix(1, 400)]);
    await runReplay({ connection: k.connection, file: partial, speed: 'max', replayId: 'r-1' });
    // Another writer adds more than the first window (1,000 records) after them in partition 0.
    await produce(
      k.kafka,
      target,
      Array.from({ length: 1_100 }, (_, i) => ({ partition: 0, value: `other ${i}` })),
    );

    const summary = await runReplay({
      connection: k.connection,
      file,
      speed: 'max',
      resume: 'r-1',
    });
    expect(summary.plan.replayId).toBe('r-1');
    expect(summary.plan.resumed).toEqual(
      new Map([
        [`${topic}/0`, 250],
        [`${topic}/1`, 400],
      ]),
    );
    expect(summary).toMatchObject({ records: 550, finished: true });

    const sent = await readBack(target);
    expect(sent.filter((r) => r.partition === 0)).toHaveLength(600 + 1_100);
    expect(sent.filter((r) => r.partition === 1)).toHaveLength(600);
    const offsets = replayedOffsets(sent, 'r-1');
    expect(offsets.get(0)).toEqual(sourceOffsets(600));
    expect(offsets.get(1)).toEqual(sourceOffsets(600));

    // Resuming a replay that is complete sends nothing.
    const again = await runReplay({ connection: k.connection, file, speed: 'max', resume: 'r-1' });
    expect(again).toMatchObject({ records: 0, finished: true });
    expect(await readBack(target)).toHaveLength(sent.length);
  }, 120_000);

  it('refuses to resume from a recording without the record the replay wrote last', async () => {
    const topic = uniqueTopic('other-file');
    const file = join(k.dir, `${topic}.ndjson`);
    await writeRecordingFile(file, recording(topic, 1, 5));
    await runReplay({ connection: k.connection, file, speed: 'max', replayId: 'r-2' });
    const shorter = join(k.dir, `${topic}.shorter.ndjson`);
    await writeRecordingFile(shorter, recording(topic, 1, 3));
    await expect(
      runReplay({ connection: k.connection, file: shorter, speed: 'max', resume: 'r-2' }),
    ).rejects.toThrow(
      `cannot resume replay r-2: ${shorter} has no record at ${topic}/0 offset 108, ` +
        'which that replay wrote last (is it the same recording?)',
    );
  }, 60_000);

  it('`tapedeck replay --resume` says how many records were already there', async () => {
    const topic = uniqueTopic('resume-cli');
    const file = join(k.dir, `${topic}.ndjson`);
    const full = recording(topic, 1, 10);
    await writeRecordingFile(file, full);
    const partial = join(k.dir, `${topic}.partial.ndjson`);
    await writeRecordingFile(partial, full.slice(0, 4));
    await runReplay({ connection: k.connection, file: partial, speed: 'max', replayId: 'r-3' });
    const run = await runCli([
      'replay',
      file,
      '--brokers',
      k.broker.bootstrap,
      '--speed',
      'max',
      '--resume',
      'r-3',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'resuming replay r-3: 4 of 10 records are already in Kafka and are skipped',
    );
    expect(run.stdout).toContain('replayed 6 of 10 records');
    expect(run.stdout).toContain('4 were already there from an earlier run');
  }, 60_000);

  it('`tapedeck replay` that fails mid-way prints per partition what Kafka acknowledged, and how to resume', async () => {
    const topic = uniqueTopic('too-large');
    const file = join(k.dir, `${topic}.ndjson`);
    // Record 100 is larger than the broker takes (1 MB): its request is refused, not retried.
    const records = recording(topic, 1, 200);
    records[100]!.value = 'x'.repeat(2_000_000);
    await writeRecordingFile(file, [...records, ...recording(`${topic}-b`, 1, 5)]);
    const run = await runCli([
      'replay',
      file,
      '--brokers',
      k.broker.bootstrap,
      '--speed',
      'max',
      '--topics',
      topic,
    ]);
    expect(run.code).toBe(1);
    const id = /replay id: (\S+)/.exec(run.stderr)![1]!;
    expect(run.stderr).toContain(
      `replay ${id} stopped; Kafka acknowledged 100 of 200 records, per partition:\n` +
        `  replay.${topic}/0 100/200\n` +
        `to continue without duplicates, run the same command with --resume ${id}\n` +
        'tapedeck: ',
    );
  }, 60_000);

  // Last: it kills the broker (and restarts it).
  it('when the broker dies mid-replay, the failure counts what Kafka acknowledged per partition, and a resume writes each record once', async () => {
    const topic = uniqueTopic('broker-died');
    const target = `replay.${topic}`;
    const file = join(k.dir, `${topic}.ndjson`);
    // 6,000 records 1 ms apart: about 6 s at speed 1, killed after the first 1,000.
    await writeRecordingFile(file, recording(topic, 2, 3_000));
    let killed: Promise<void> | null = null;
    const error: unknown = await runReplay({
      connection: k.connection,
      file,
      speed: 1,
      replayId: 'r-4',
      onProgress: (p) => {
        if (p.records >= 1_000) killed ??= k.broker.kill();
      },
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ReplayFailed);
    const failed = error as ReplayFailed;
    const acked = new Map(failed.acknowledged.map((p) => [p.partition, p.sent]));
    expect([...acked.keys()]).toEqual([0, 1]);
    expect(acked.get(0)! + acked.get(1)!).toBeGreaterThanOrEqual(1_000);
    expect(acked.get(0)! + acked.get(1)!).toBeLessThan(6_000);

    await killed;
    await k.broker.restart();
    // What Kafka holds: everything acknowledged, and at most the request that was cut off.
    const held = replayedOffsets(await readBack(target), 'r-4');
    for (const partition of [0, 1]) {
      const n = held.get(partition)?.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(acked.get(partition)!);
      expect(n).toBeLessThanOrEqual(acked.get(partition)! + 1_000);
    }

    const summary = await runReplay({
      connection: k.connection,
      file,
      speed: 'max',
      resume: 'r-4',
    });
    expect(summary.finished).toBe(true);
    const sent = await readBack(target);
    expect(sent).toHaveLength(6_000);
    const offsets = replayedOffsets(sent, 'r-4');
    expect(offsets.get(0)).toEqual(sourceOffsets(3_000));
    expect(offsets.get(1)).toEqual(sourceOffsets(3_000));
    // Contiguous target offsets: nothing written twice and nothing in between.
    for (const partition of [0, 1]) {
      expect(sent.filter((r) => r.partition === partition).map((r) => r.offset)).toEqual(
        Array.from({ length: 3_000 }, (_, i) => BigInt(i)),
      );
    }
  }, 180_000);
});
