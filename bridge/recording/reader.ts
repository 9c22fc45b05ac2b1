import type { KafkaRecord } from '../../scenarios/index.ts';
import { decodeEnvelope, RecordingLineError } from './kcat-envelope.ts';
import { recordingChunks } from './source-bytes.ts';

/** A line that is not a valid record: its 1-based line number, why, and (up to ~200 chars of) its text. */
export interface MalformedLine {
  line: number;
  reason: string;
  text: string;
}

/** Records and malformed lines, in file order, from one stretch of a recording. */
export interface RecordingBatch {
  records: KafkaRecord[];
  malformed: MalformedLine[];
}

/** Options for {@link readRecording}. */
export interface ReadRecordingOptions {
  /** Records per yielded batch (default 2048). */
  batchSize?: number;
  /** Called as the source is consumed, with the bytes read from it so far (compressed bytes for gzip). */
  onProgress?: (bytesRead: number) => void;
}

// Small enough that a consumer can drop a batch before the young-generation GC has to promote it:
// 10 000 reads ~30% slower than 2 048 on 350-byte lines (Node 20).
const DEFAULT_BATCH_SIZE = 2048;
const MALFORMED_TEXT_LIMIT = 200;
const NEWLINE = 0x0a;

/**
 * Streams a recording (kcat `-J` NDJSON, plain or gzip — told apart by the gzip magic bytes) as
 * batches of records. Malformed lines never stop the read: each is reported in the batch it falls
 * in. Blank lines are skipped; CRLF line endings are accepted. Runs in browsers and in Node.
 */
export async function* readRecording(
  source: Uint8Array | ReadableStream<Uint8Array>,
  options: ReadRecordingOptions = {},
): AsyncGenerator<RecordingBatch> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new Error(`invalid batchSize: ${batchSize} (expected a positive integer)`);
  }
  const { chunks, bytesRead } = recordingChunks(source);
  // ignoreBOM keeps a BOM the decoder would otherwise strip from every block; only the file's first is dropped.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let lineNo = 0;
  let atStart = true;
  let batch: RecordingBatch = { records: [], malformed: [] };

  function* parseBlock(bytes: Uint8Array): Generator<RecordingBatch> {
    let text = decoder.decode(bytes);
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      lineNo++;
      if (stop > start) parseLine(text.slice(start, stop));
      start = end + 1;
      if (batch.records.length >= batchSize) {
        yield batch;
        batch = { records: [], malformed: [] };
      }
    }
  }

  function parseLine(line: string): void {
    try {
      batch.records.push(decodeEnvelope(line));
    } catch (err) {
      if (!(err instanceof RecordingLineError)) throw err;
      if (line.charCodeAt(0) <= 32 && line.trim() === '') return;
      const text =
        line.length > MALFORMED_TEXT_LIMIT ? `${line.slice(0, MALFORMED_TEXT_LIMIT)}…` : line;
      batch.malformed.push({ line: lineNo, reason: err.reason, text });
    }
  }

  for await (const chunk of chunks) {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      if (chunk.length > 0) pending.push(chunk);
    } else {
      let from = 0;
      if (pending.length > 0) {
        // Join only the line that spans chunks, rather than copying the whole chunk.
        from = chunk.indexOf(NEWLINE) + 1;
        pending.push(chunk.subarray(0, from));
        yield* parseBlock(concat(pending));
      }
      if (from <= last) yield* parseBlock(chunk.subarray(from, last + 1));
      pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    }
    options.onProgress?.(bytesRead());
  }
  if (pending.length > 0) yield* parseBlock(concat(pending));
  if (batch.records.length > 0 || batch.malformed.length > 0) yield batch;
}

/** Reads a whole recording into memory: every record and every malformed line, in file order. */
export async function readAllRecording(
  source: Uint8Array | ReadableStream<Uint8Array>,
): Promise<RecordingBatch> {
  const all: RecordingBatch = { records: [], malformed: [] };
  for await (const batch of readRecording(source)) {
    for (const r of batch.records) all.records.push(r);
    for (const m of batch.malformed) all.malformed.push(m);
  }
  return all;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
