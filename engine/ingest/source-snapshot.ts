import type { Incident } from '../../formats/index.ts';
import type { PartitionStats, RecordFault, TraceContextStats } from '../contract.ts';

/**
 * A loaded source as data, to load again without reading or generating it: what the ingest
 * found (the fields of `IngestResult` a summary and a replay need) and each topic table's rows as
 * Arrow IPC streams, in chunks that `PendingInserts` inserts as replay needs them. The app's
 * build writes one of the default kitchen demo (`scenarioSnapshot` in `engine/node.ts`), so the demo
 * opens without generating and parsing a day of records in the page.
 */
export interface SourceSnapshot {
  /** what the snapshot is of: for a scenario, its parameters as JSON (compared before use) */
  key: string;
  name: string;
  incidents: Incident[];
  start: number;
  end: number;
  partitions: PartitionStats[];
  /** topic → its table's field columns (lower case) */
  topics: [string, string[]][];
  /** topic → its DuckDB table */
  tables: [string, string][];
  linesRead: number;
  blankLines: number;
  excludedRecords: number;
  faults: RecordFault[];
  faultCount: number;
  traceContext: TraceContextStats;
  /** the stream time at each delivery (`SourceTape`) */
  streamTimes: Float64Array;
  /** per record in source order, NaN when left out (the timeline's histogram) */
  timestamps: Float64Array;
  /** the delivered records whose kind is not 0 (see `IngestResult.kinds`) */
  kinds: { seqs: Float64Array; kinds: Uint8Array };
  tableRows: SnapshotTable[];
}

/** One topic table's rows, in its row order, cut in chunks. */
export interface SnapshotTable {
  table: string;
  /** the smallest `_seq` among its rows (Infinity when it has none) */
  minSeq: number;
  chunks: SnapshotChunk[];
}

export interface SnapshotChunk {
  /** Arrow IPC stream of the rows; the first chunk's schema creates the table */
  ipc: Uint8Array;
  /** the smallest `_seq` among the table's rows after this chunk (Infinity after the last) */
  minSeqAfter: number;
}

const MAGIC = 'TAPEDECK SOURCE SNAPSHOT 1\n';

/** A byte range of the body, 8-byte aligned (typed arrays are read in place). */
type Ref = [offset: number, length: number];

interface Header extends Omit<
  SourceSnapshot,
  'streamTimes' | 'timestamps' | 'kinds' | 'tableRows'
> {
  streamTimes: Ref;
  timestamps: Ref;
  kinds: { seqs: Ref; kinds: Ref };
  tableRows: {
    table: string;
    minSeq: number | null;
    chunks: { ipc: Ref; minSeqAfter: number | null }[];
  }[];
}

/**
 * The snapshot as bytes: the magic line, the header's length (4 bytes, little-endian), the
 * header (JSON), then the body, each part 8-byte aligned. Typed arrays are stored as this
 * machine lays them out: little-endian, as every platform Tapedeck runs on.
 */
export function encodeSnapshot(snapshot: SourceSnapshot): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const put = (bytes: Uint8Array): Ref => {
    const at = size;
    parts.push(bytes);
    size += Math.ceil(bytes.length / 8) * 8;
    return [at, bytes.length];
  };
  const view = (a: Float64Array | Uint8Array) =>
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const header: Header = {
    ...snapshot,
    streamTimes: put(view(snapshot.streamTimes)),
    timestamps: put(view(snapshot.timestamps)),
    kinds: { seqs: put(view(snapshot.kinds.seqs)), kinds: put(view(snapshot.kinds.kinds)) },
    tableRows: snapshot.tableRows.map((t) => ({
      table: t.table,
      minSeq: finite(t.minSeq),
      chunks: t.chunks.map((c) => ({ ipc: put(c.ipc), minSeqAfter: finite(c.minSeqAfter) })),
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const magic = new TextEncoder().encode(MAGIC);
  const bodyAt = Math.ceil((magic.length + 4 + json.length) / 8) * 8;
  const out = new Uint8Array(bodyAt + size);
  out.set(magic, 0);
  new DataView(out.buffer).setUint32(magic.length, json.length, true);
  out.set(json, magic.length + 4);
  let at = bodyAt;
  for (const part of parts) {
    out.set(part, at);
    at += Math.ceil(part.length / 8) * 8;
  }
  return out;
}

/** Reads `encodeSnapshot`'s bytes; throws an Error saying what is wrong with them. */
export function decodeSnapshot(bytes: Uint8Array): SourceSnapshot {
  const magic = new TextEncoder().encode(MAGIC);
  const found = new TextDecoder().decode(bytes.subarray(0, magic.length));
  if (found !== MAGIC) throw new Error('not a Tapedeck source snapshot (or of another version)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(magic.length, true);
  const jsonAt = magic.length + 4;
  if (jsonAt + jsonLength > bytes.length) throw new Error('source snapshot cut short (header)');
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(jsonAt, jsonAt + jsonLength)),
  ) as Header;
  const bodyAt = Math.ceil((jsonAt + jsonLength) / 8) * 8;
  // Typed arrays need their offset aligned to their element size: copy when the bytes are not.
  const aligned = (bytes.byteOffset + bodyAt) % 8 === 0 ? bytes : bytes.slice();
  const slice = ([offset, length]: Ref): Uint8Array => {
    if (bodyAt + offset + length > aligned.length)
      throw new Error('source snapshot cut short (body)');
    return aligned.subarray(bodyAt + offset, bodyAt + offset + length);
  };
  const f64 = (ref: Ref) => {
    const b = slice(ref);
    return new Float64Array(b.buffer, b.byteOffset, b.length / 8);
  };
  const infinite = (x: number | null) => x ?? Infinity;
  return {
    ...header,
    streamTimes: f64(header.streamTimes),
    timestamps: f64(header.timestamps),
    kinds: { seqs: f64(header.kinds.seqs), kinds: slice(header.kinds.kinds) },
    tableRows: header.tableRows.map((t) => ({
      table: t.table,
      minSeq: infinite(t.minSeq),
      chunks: t.chunks.map((c) => ({ ipc: slice(c.ipc), minSeqAfter: infinite(c.minSeqAfter) })),
    })),
  };
}
