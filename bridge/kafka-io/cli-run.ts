import { connectionSecrets, type KafkaConnectionOptions } from './connection-options.ts';
import { redactSecrets } from './redaction.ts';

/** The process-wide hooks a command needs; tests pass fakes. */
export interface CommandProcess {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): never;
}

/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (or SIGTERM) aborts, so the command can
 * finish cleanly (close the file, disconnect); a second Ctrl-C exits at once with status 130.
 */
export async function untilInterrupted<T>(
  work: (signal: AbortSignal) => Promise<T>,
  onFirstInterrupt: () => void,
  proc: CommandProcess = process,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) proc.exit(130);
    onFirstInterrupt();
    controller.abort();
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    proc.off('SIGINT', onSignal);
    proc.off('SIGTERM', onSignal);
  }
}

/**
 * Runs `work`, and if it fails, fails with the same message with every credential of
 * `connection` redacted: the CLI prints error messages, and a broker may echo what it was sent.
 */
export async function withRedactedErrors<T>(
  connection: KafkaConnectionOptions,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const secrets = connectionSecrets(connection);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(redactSecrets(message, secrets));
  }
}

/** `a, b,c` → `['a', 'b', 'c']`; an empty list is an error naming the option. */
export function parseTopicList(text: string, option: string): string[] {
  const topics = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (topics.length === 0)
    throw new Error(`invalid ${option}: "${text}" (expected topic names, a,b,…)`);
  return [...new Set(topics)];
}

const sizes = ['B', 'kB', 'MB', 'GB'];

/** 1234567 → `1.2 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizes.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${sizes[unit]}`;
}
