import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { redactFields, redactSecrets } from './redaction.ts';

const LEVEL_NAMES: Record<number, string> = {
  [logLevel.ERROR]: 'ERROR',
  [logLevel.WARN]: 'WARN',
  [logLevel.INFO]: 'INFO',
  [logLevel.DEBUG]: 'DEBUG',
};

/**
 * The level an entry is shown at. Two kafkajs messages say less than they seem, and are shown
 * only when debugging: every error response is logged as an ERROR by the connection even when
 * kafkajs retries it (a fresh broker answers "coordinator not available" at first; a final
 * failure is thrown and printed anyway), and the idempotent producer warns that limited retries
 * may break exactly-once — but Tapedeck stops the whole replay on a failed send, so no later
 * send can duplicate or reorder it.
 */
export function shownLevel(entry: LogEntry): logLevel {
  const message = String(entry.log.message);
  if (entry.namespace === 'Connection' && message.startsWith('Response ')) return logLevel.DEBUG;
  if (entry.namespace === 'Producer' && message.startsWith('Limiting retries for the idempotent')) {
    return logLevel.DEBUG;
  }
  return entry.level;
}

/**
 * A kafkajs `logCreator` that writes one line per entry at or above `level` through `write`, with
 * secret-named fields and every given secret string redacted (a broker error could echo what it
 * was sent).
 */
export function redactingLogCreator(
  secrets: readonly string[],
  write: (line: string) => void,
  level: logLevel = logLevel.WARN,
): logCreator {
  return () => (entry: LogEntry) => {
    if (shownLevel(entry) <= level) write(formatLogEntry(entry, secrets));
  };
}

/** One kafkajs log entry as a redacted line: `kafkajs WARN [Consumer] message {extras}`. */
export function formatLogEntry(entry: LogEntry, secrets: readonly string[]): string {
  const { timestamp: _timestamp, logger: _logger, message, ...extra } = entry.log;
  const level = LEVEL_NAMES[entry.level] ?? String(entry.level);
  const fields =
    Object.keys(extra).length > 0 ? ` ${JSON.stringify(redactFields(extra, secrets))}` : '';
  return `kafkajs ${level} [${entry.namespace}] ${redactSecrets(String(message), secrets)}${fields}`;
}
