import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

/** The last `count` non-empty lines of a text file; empty when the file does not exist. */
export async function readTail(path: string, count: number): Promise<string[]> {
  if (!existsSync(path)) return [];
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count);
}

/**
 * Calls `onLine` for each line appended to `path` from byte `from` on, polling the file (the
 * writer is another process, so there is no stream to subscribe to). Returns a function that
 * stops following after delivering what is already written.
 */
export function followFile(
  path: string,
  from: number,
  onLine: (line: string) => void,
  pollMs = 200,
): () => Promise<void> {
  let position = from;
  let pending = '';
  let reading: Promise<void> = Promise.resolve();

  const readNew = async (): Promise<void> => {
    if (!existsSync(path)) return;
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        pending += buffer.toString('utf8', 0, bytesRead);
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
    } finally {
      await file.close();
    }
  };

  const timer = setInterval(() => {
    reading = reading.then(readNew).catch(() => undefined);
  }, pollMs);
  timer.unref();

  return async () => {
    clearInterval(timer);
    await reading;
    await readNew().catch(() => undefined);
    if (pending !== '') onLine(pending);
  };
}
