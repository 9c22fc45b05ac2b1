import { parseRecordingLine, readRecordingBlocks } from '../../formats/index.ts';
import type { RecordSource } from '../contract.ts';

const NEWLINE = 0x0a;
/** Bytes read at a time while looking for a line's end. */
const STEP = 1 << 16;

/**
 * Where a loaded recording's records are in it, to read a record's text again instead of
 * keeping it (DESIGN: the source is streamed once and never held whole): the source as given
 * (a picked `File` stays on disk; bytes stay as the caller passed them) and, per delivery
 * index, its line's byte offset in the uncompressed source and its 1-based line number.
 * 12 bytes a record.
 */
export interface SourceLines {
  source: Uint8Array | Blob;
  starts: Float64Array;
  numbers: Int32Array;
}

/**
 * Record `seq`'s line of the recording, read again, and its value exactly as the line holds it
 * (kcat's `payload` text, or its base64), not rebuilt from the columns. A plain source is read
 * from the line's offset on; a gzip one is decompressed from its start up to the line.
 */
export async function recordSource(lines: SourceLines | null, seq: number): Promise<RecordSource> {
  const none = (unavailable: string): RecordSource => ({
    seq,
    line: null,
    text: null,
    value: null,
    base64: false,
    unavailable,
  });
  if (lines === null) {
    return none('this source was not read from a recording (a live stream or generated records)');
  }
  if (!Number.isInteger(seq) || seq < 0 || seq >= lines.starts.length) {
    throw new Error(
      `invalid record ${seq}: the source delivers records 0 to ${lines.starts.length - 1}`,
    );
  }
  const start = lines.starts[seq]!;
  if (Number.isNaN(start)) return none('this record was not read from the recording');
  const bytes = await lineBytes(lines.source, start);
  const stop =
    bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, stop));
  const line = lines.numbers[seq]!;
  const parsed = parseRecordingLine(text, line);
  if (parsed === null || !('topic' in parsed)) {
    throw new Error(
      `line ${line} of the recording no longer reads as a record: was the file changed since it was opened?`,
    );
  }
  return {
    seq,
    line,
    text,
    value: parsed.value,
    base64: parsed.valueEncoding === 'base64',
    unavailable: null,
  };
}

/** The bytes of the line that starts at `start` of the uncompressed source, without its `\n`. */
async function lineBytes(source: Uint8Array | Blob, start: number): Promise<Uint8Array> {
  const head = await slice(source, 0, 3);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let base = 0;
    const input = source instanceof Uint8Array ? source : source.stream();
    for await (const block of readRecordingBlocks(input)) {
      if (start < base + block.length) {
        const at = start - base;
        const end = block.indexOf(NEWLINE, at);
        return block.slice(at, end < 0 ? block.length : end);
      }
      base += block.length;
    }
    throw new Error(`the recording ends before byte ${start}: was it changed since it was opened?`);
  }
  // A leading BOM is not in the offsets (the reader drops it).
  let at = start + (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  const parts: Uint8Array[] = [];
  for (;;) {
    const chunk = await slice(source, at, at + STEP);
    if (chunk.length === 0) break;
    const end = chunk.indexOf(NEWLINE);
    if (end >= 0) {
      parts.push(chunk.subarray(0, end));
      break;
    }
    parts.push(chunk);
    at += chunk.length;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

async function slice(source: Uint8Array | Blob, from: number, to: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source.subarray(from, Math.min(to, source.length));
  return new Uint8Array(await source.slice(from, to).arrayBuffer());
}
