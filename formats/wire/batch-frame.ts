import type { PartitionResume } from './protocol.ts';

/**
 * One binary WebSocket message: a batch of records. Layout (little-endian):
 *
 * ```
 * 0   4 bytes  magic "TDB" + format version 1
 * 4   u32      header length H
 * 8   H bytes  header, UTF-8 JSON: {"seq":n,"records":k,"next":[[topic,partition,"offset"],…]}
 * 8+H …        body: the records as kcat `-J` NDJSON lines, each ending in "\n"
 * ```
 *
 * The body is a recording fragment, so the engine reads it with the recording reader. `next`
 * holds, for each partition in the batch, the offset after its last record: a client that
 * remembers it can resume there after a reconnect.
 */
export interface BatchFrame {
  /** batch number within the connection, from 0 */
  seq: number;
  /** record lines in the body */
  records: number;
  /** per partition in the batch, the next offset after it */
  next: PartitionResume[];
  /** the NDJSON body (a view into the message's bytes) */
  body: Uint8Array;
}

const MAGIC = [0x54, 0x44, 0x42, 0x01];
const PREFIX_BYTES = 8;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A batch's body already encoded: `records` kcat envelopes as UTF-8, each ending in "\n". */
export interface NdjsonBody {
  bytes: Uint8Array;
  records: number;
}

/**
 * Encodes a batch: `lines` are kcat envelopes without their newline (see `encodeEnvelope`), or
 * the body already encoded (the bridge writes each line's bytes as it reads the record).
 */
export function encodeBatchFrame(
  seq: number,
  lines: readonly string[] | NdjsonBody,
  next: readonly PartitionResume[],
): Uint8Array {
  const encoded = 'bytes' in lines;
  const records = encoded ? lines.records : lines.length;
  const header = encoder.encode(
    JSON.stringify({
      seq,
      records,
      next: next.map((p) => [p.topic, p.partition, p.next]),
    }),
  );
  const body = encoded
    ? lines.bytes
    : lines.length === 0
      ? new Uint8Array(0)
      : encoder.encode(`${lines.join('\n')}\n`);
  const out = new Uint8Array(PREFIX_BYTES + header.length + body.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, PREFIX_BYTES);
  out.set(body, PREFIX_BYTES + header.length);
  return out;
}

/** Decodes a batch message; throws an Error saying what is wrong with it. */
export function decodeBatchFrame(bytes: Uint8Array): BatchFrame {
  if (bytes.length < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(
      `invalid batch frame: no "TDB" version 1 prefix (${bytes.length} bytes; wrong server?)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const bodyStart = PREFIX_BYTES + headerLength;
  if (bodyStart > bytes.length) {
    throw new Error(
      `invalid batch frame: header length ${headerLength} exceeds the ${bytes.length}-byte frame`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(PREFIX_BYTES, bodyStart)));
  } catch {
    throw new Error('invalid batch frame: header is not JSON');
  }
  const h = (header ?? {}) as { seq?: unknown; records?: unknown; next?: unknown };
  if (!Number.isInteger(h.seq) || !Number.isInteger(h.records) || !Array.isArray(h.next)) {
    throw new Error('invalid batch frame: header lacks seq, records or next');
  }
  const next = (h.next as unknown[]).map((entry, i) => {
    const [topic, partition, offset] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof topic !== 'string' || !Number.isInteger(partition) || typeof offset !== 'string') {
      throw new Error(`invalid batch frame: header next[${i}] is not [topic, partition, offset]`);
    }
    return { topic, partition: partition as number, next: offset };
  });
  return {
    seq: h.seq as number,
    records: h.records as number,
    next,
    body: bytes.subarray(bodyStart),
  };
}
