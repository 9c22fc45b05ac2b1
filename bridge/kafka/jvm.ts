import { spawn } from 'node:child_process';
import { KafkaBrokerError, indentTail } from './errors.ts';

/** Kafka 4 brokers need Java 17 or newer. */
export const MIN_JAVA_MAJOR = 17;

/** The major version in `java -version` output (`openjdk version "17.0.15"` → 17, `"1.8.0"` → 8). */
export function parseJavaMajor(versionOutput: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a short-lived Java command and collects its combined output. */
export function runJava(java: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'ENOENT'
          ? `java not found: "${java}" is not installed or not on PATH (install Java ${MIN_JAVA_MAJOR}+ or set JAVA_HOME)`
          : `java could not be started (${java}): ${error.message}`;
      reject(new KafkaBrokerError('JAVA_NOT_FOUND', message, { cause: error }));
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Fails with JAVA_NOT_FOUND unless `java` runs and is at least Java 17. */
export async function checkJava(java: string): Promise<number> {
  const { output } = await runJava(java, ['-version']);
  const major = parseJavaMajor(output);
  if (major === null || major < MIN_JAVA_MAJOR) {
    const found = major === null ? 'an unrecognised version' : `Java ${major}`;
    throw new KafkaBrokerError(
      'JAVA_NOT_FOUND',
      `java at "${java}" is ${found}; Kafka needs Java ${MIN_JAVA_MAJOR}+:\n${indentTail(output.trim().split('\n'))}`,
    );
  }
  return major;
}
