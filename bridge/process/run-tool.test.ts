import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchKafkaJars } from '../kafka/fetch-jars.ts';
import { runTool, type ToolFailure } from './run-tool.ts';

const failure = (f: ToolFailure) => Object.assign(new Error('failed'), { failure: f });
const caught = async (p: Promise<void>): Promise<ToolFailure> => {
  try {
    await p;
  } catch (err) {
    return (err as { failure: ToolFailure }).failure;
  }
  throw new Error('expected the run to fail');
};

describe('runTool', () => {
  it('resolves when the tool exits 0', async () => {
    await expect(runTool(process.execPath, ['-e', ''], tmpdir(), failure)).resolves.toBeUndefined();
  });

  it('says when the tool is not installed', async () => {
    const f = await caught(runTool('/nonexistent/mvn', [], tmpdir(), failure));
    expect(f).toMatchObject({ kind: 'not-started', notFound: true });
  });

  it('gives the exit code and the last 25 lines of output, colours removed', async () => {
    const script =
      'for (let i = 1; i <= 30; i++) console.log(`line ${i}`);' +
      'console.error("\\u001b[1;31m[ERROR]\\u001b[m broken"); process.exit(3)';
    const f = await caught(runTool(process.execPath, ['-e', script], tmpdir(), failure));
    expect(f.kind).toBe('exit');
    if (f.kind !== 'exit') return;
    expect(f.code).toBe(3);
    expect(f.tail).toHaveLength(25);
    expect(f.tail[0]).toBe('line 7');
    expect(f.tail[24]).toBe('[ERROR] broken');
  });
});

describe('fetching the Kafka jars without Maven', () => {
  const cache = mkdtempSync(join(tmpdir(), 'tapedeck-no-maven-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('fails naming Maven and the command', async () => {
    await expect(fetchKafkaJars({ cacheRoot: cache, mvn: '/nonexistent/mvn' })).rejects.toThrow(
      'Maven not found: "/nonexistent/mvn" is not installed or not on PATH',
    );
  });
});
