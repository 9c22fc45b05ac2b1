import { createWriteStream, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { KafkaRecord } from '../../formats/index.ts';
import { encodeEnvelope } from '../../formats/index.ts';

/** Lines are gathered into chunks of about this many characters before they are written. */
const WRITE_CHUNK_CHARS = 1 << 20;
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Writes records as a kcat `-J` recording, one line each, streaming (the file is never held in
 * memory whole). A path ending in `.gz` is gzip-compressed; node's gzip writes mtime 0 in its
 * header, so the same records give the same bytes. Resolves to the record count and file size.
 */
export async function writeRecordingFile(
  path: string,
  records: Iterable<KafkaRecord> | AsyncIterable<KafkaRecord>,
): Promise<{ records: number; bytes: number }> {
  let count = 0;
  async function* lines(): AsyncGenerator<Buffer> {
    let text = '';
    for await (const record of records) {
      text += `${encodeEnvelope(record)}\n`;
      count++;
      if (text.length >= WRITE_CHUNK_CHARS) {
        yield Buffer.from(text, 'utf8');
        text = '';
      }
    }
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }

  const file = createWriteStream(path);
  try {
    if (path.endsWith('.gz')) await pipeline(Readable.from(lines()), createGzip(), file);
    else await pipeline(Readable.from(lines()), file);
  } catch (err) {
    throw new Error(`cannot write recording ${path}: ${(err as Error).message}`, { cause: err });
  }
  return { records: count, bytes: file.bytesWritten };
}

/**
 * Opens a recording file as a web stream of bytes, for `readRecording(openRecordingFile(path))`.
 * Throws at once, naming the path, when the file does not exist or is not a regular file.
 */
export function openRecordingFile(path: string): ReadableStream<Uint8Array> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    throw new Error(`cannot open recording ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!isFile) throw new Error(`cannot open recording ${path}: not a regular file`);

  let handle: FileHandle | undefined;
  return new ReadableStream<Uint8Array>({
    async start() {
      try {
        handle = await open(path, 'r');
      } catch (err) {
        throw new Error(`cannot open recording ${path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    async pull(controller) {
      const buffer = new Uint8Array(READ_CHUNK_BYTES);
      try {
        const { bytesRead } = await handle!.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) {
          await handle!.close();
          controller.close();
        } else {
          controller.enqueue(bytesRead < buffer.length ? buffer.subarray(0, bytesRead) : buffer);
        }
      } catch (err) {
        await handle!.close().catch(() => undefined);
        throw new Error(`cannot read recording ${path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    async cancel() {
      await handle?.close();
    },
  });
}
