import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FLINK_DEFAULTS } from './defaults.ts';
import { FlinkError } from './flink-error.ts';
import type { FlinkRuntime } from './fetch-flink.ts';

/** A step of a running job, from the runner's `tapedeck-flink …` lines. */
export type FlinkProgress =
  | { kind: 'submitted'; jobId: string; inserts: number }
  | { kind: 'status'; status: string; elapsedMs: number }
  | { kind: 'finished'; elapsedMs: number };

export interface RunFlinkOptions {
  runtime: FlinkRuntime;
  /** the Flink SQL script (SET, CREATE, INSERT statements) */
  sql: string;
  /** a folder for the script and Flink's log */
  workDir: string;
  java?: string;
  onProgress?: (p: FlinkProgress) => void;
  /** stops the job (the runner cancels it on its way down) */
  signal?: AbortSignal;
  /** text substituted into the script only as it is written for the runner (secrets), never logged */
  substitutions?: Readonly<Record<string, string>>;
}

/** Where the run left its log. */
export interface FlinkRunResult {
  elapsedMs: number;
  logFile: string;
}

/**
 * Runs a Flink SQL script on an embedded MiniCluster (one JVM, parallelism 1) and resolves when
 * its job has finished (a bounded job) or been stopped through `signal`.
 */
export async function runFlinkSql(options: RunFlinkOptions): Promise<FlinkRunResult> {
  const script = join(options.workDir, 'job.sql');
  const logFile = join(options.workDir, 'flink.log');
  const log4j = join(options.workDir, 'log4j2.properties');
  // One slot, and checkpoints on local disk: the job manager's memory keeps at most 5 MB of
  // state (an interval join over a day of orders holds more), and a failed checkpoint must not
  // restart the job from the beginning.
  const prelude = [
    `SET 'parallelism.default' = '1';`,
    `SET 'execution.checkpointing.storage' = 'filesystem';`,
    `SET 'execution.checkpointing.dir' = '${pathToFileURL(join(options.workDir, 'checkpoints')).href}';`,
    `SET 'execution.checkpointing.tolerable-failed-checkpoints' = '1000';`,
    // A failure ends the run with its cause instead of restarting the job over and over.
    `SET 'restart-strategy.type' = 'none';`,
  ];
  let sql = `${prelude.join('\n')}\n${options.sql}`;
  for (const [from, to] of Object.entries(options.substitutions ?? {}))
    sql = sql.replaceAll(from, to);
  await writeFile(script, sql, { mode: 0o600 });
  await writeFile(
    log4j,
    [
      'rootLogger.level = WARN',
      'rootLogger.appenderRef.file.ref = file',
      'appender.file.type = File',
      'appender.file.name = file',
      `appender.file.fileName = ${logFile}`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = %d %-5p %c - %m%n',
      '',
    ].join('\n'),
  );
  const started = Date.now();
  const args = [
    `-Xmx${FLINK_DEFAULTS.heap}`,
    `-Dlog4j.configurationFile=${log4j}`,
    '-cp',
    options.runtime.classpath,
    'TapedeckFlinkRunner',
    script,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(options.java ?? 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    let pending = '';
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const p = parseProgress(line);
        if (p) options.onProgress?.(p);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-40_000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new FlinkError(
          'TOOL_NOT_FOUND',
          error.code === 'ENOENT'
            ? `java not found: "${options.java ?? 'java'}" (the embedded Flink needs Java 17)`
            : `java could not be started: ${error.message}`,
          { cause: error },
        ),
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      // Stopped on purpose: the JVM exits 143 on SIGTERM after its shutdown hook cancels the job.
      if (code === 0 || options.signal?.aborted) {
        return resolve({ elapsedMs: Date.now() - started, logFile });
      }
      reject(
        new FlinkError(
          'JOB_FAILED',
          `Flink job failed (exit ${code ?? signal}):\n${errorSummary(errors)
            .map((l) => `  | ${l}`)
            .join('\n')}\n  (log: ${logFile})`,
        ),
      );
    });
  });
}

/** A runner progress line, or null for anything else. */
export function parseProgress(line: string): FlinkProgress | null {
  const m = /^tapedeck-flink (\w+) ?(.*)$/.exec(line.trim());
  if (!m) return null;
  const words = m[2]!.split(' ');
  switch (m[1]) {
    case 'submitted':
      return { kind: 'submitted', jobId: words[0] ?? '', inserts: Number(words[1]) };
    case 'status':
      return { kind: 'status', status: words[0] ?? '', elapsedMs: Number(words[1]) };
    case 'finished':
      return { kind: 'finished', elapsedMs: Number(words[0]) };
    default:
      return null;
  }
}

/** The exception lines of a Java failure (its first line and each `Caused by:`), not the stack. */
function errorSummary(stderr: string): string[] {
  const lines = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at |^\s+\.\.\. \d+ more/.test(l));
  const causes = lines.filter(
    (l, i) => i === 0 || l.startsWith('Caused by:') || /^\S+Exception/.test(l),
  );
  return (causes.length > 0 ? causes : lines).slice(-FLINK_DEFAULTS.tailLines);
}
