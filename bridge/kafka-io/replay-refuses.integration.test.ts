import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { writeRecordingFile } from '../recording/file.ts';
import { runReplay } from './replay-recording.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'bin/tapedeck.js');
// Nothing listens on port 1: a replay that got as far as connecting would fail differently.
const NOWHERE = { brokers: ['127.0.0.1:1'] };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tapedeck-replay-refuses-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rec(topic: string): KafkaRecord {
  return {
    topic,
    partition: 0,
    offset: 0n,
    timestamp: 1_767_225_600_000,
    key: 'k',
    headers: [],
    value: 'v',
  };
}

async function recordingOf(name: string, topics: string[]): Promise<string> {
  const path = join(dir, name);
  await writeRecordingFile(path, topics.map(rec));
  return path;
}

describe('replay refuses to write into a topic it reads', () => {
  it('an empty --topic-prefix is refused before connecting, naming the topics and the fix', async () => {
    const file = await recordingOf('two.ndjson', ['orders', 'payments']);
    await expect(
      runReplay({ connection: NOWHERE, file, speed: 'max', topicPrefix: '' }),
    ).rejects.toThrow(
      'refusing to write into a topic that is being read (orders → orders, payments → payments): ' +
        'replaying into the source would mix copies into the original stream. Choose a --topic-prefix',
    );
  });

  it('a prefix that maps one recorded topic onto another is refused', async () => {
    const file = await recordingOf('clash.ndjson', ['a', 'x.a']);
    await expect(
      runReplay({ connection: NOWHERE, file, speed: 'max', topicPrefix: 'x.' }),
    ).rejects.toThrow('refusing to write into a topic that is being read (a → x.a)');
  });

  it('the clash counts even when --topics leaves the clashing target out of the replay', async () => {
    const file = await recordingOf('clash2.ndjson', ['a', 'x.a']);
    await expect(
      runReplay({ connection: NOWHERE, file, speed: 'max', topicPrefix: 'x.', topics: ['a'] }),
    ).rejects.toThrow('(a → x.a)');
  });

  it('a safe prefix gets past the check (and only then fails to connect)', async () => {
    const file = await recordingOf('safe.ndjson', ['orders']);
    await expect(runReplay({ connection: NOWHERE, file, speed: 'max' })).rejects.toThrow(
      'cannot connect to Kafka at 127.0.0.1:1',
    );
  }, 60_000);

  it("`tapedeck replay --topic-prefix ''` exits 1 with the refusal", async () => {
    const file = await recordingOf('cli.ndjson', ['orders']);
    const child = spawn(
      process.execPath,
      [CLI, 'replay', file, '--brokers', '127.0.0.1:1', '--topic-prefix', ''],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(
      'tapedeck: refusing to write into a topic that is being read (orders → orders)',
    );
  }, 30_000);
});
