import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A value that is not text: a control character (not tab, LF, CR) or U+FFFD (kcat's stand-in for bytes that are not UTF-8). */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** What one partition of a recording file holds, counted by the test itself. */
export interface PartitionFacts {
  topic: string;
  partition: number;
  records: number;
  /** decimal: taken from the line's text, so int64 offsets stay exact */
  lastOffset: string;
  malformed: number;
  tombstones: number;
  binary: number;
  noTimestamp: number;
  outOfOrder: number;
}

/** The facts of a recording file: its partitions and the lines that are not records. */
export interface RecordingFacts {
  records: number;
  partitions: PartitionFacts[];
  /** 1-based line numbers of the lines that are not records, blank lines excepted */
  malformedLines: number[];
}

/**
 * Reads a kcat `-J` recording (plain or gzip) the simple way, independently of Tapedeck's reader:
 * a line is a record when it is a JSON object with a non-empty string `topic`, a non-negative
 * integer `partition`, an integer `offset`, and `headers` absent or a list of name/value pairs.
 */
export function recordingFacts(path: string): RecordingFacts {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const parts = new Map<string, PartitionFacts & { lastTs: number }>();
  const malformedLines: number[] = [];
  let records = 0;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const o = parseObject(line);
    if (!o || !isRecord(o)) {
      malformedLines.push(i + 1);
      return;
    }
    records++;
    const key = `${o.topic}/${o.partition}`;
    let p = parts.get(key);
    if (!p) {
      p = {
        topic: o.topic as string,
        partition: o.partition as number,
        records: 0,
        lastOffset: '',
        malformed: 0,
        tombstones: 0,
        binary: 0,
        noTimestamp: 0,
        outOfOrder: 0,
        lastTs: -Infinity,
      };
      parts.set(key, p);
    }
    p.records++;
    p.lastOffset = /"offset":(\d+)/.exec(line)![1]!;
    const ts = o.ts;
    if (typeof ts !== 'number') p.noTimestamp++;
    else {
      if (ts < p.lastTs) p.outOfOrder++;
      p.lastTs = ts;
    }
    if (o.payload === null || o.payload === undefined) p.tombstones++;
    else if (o.payload_encoding === 'base64') p.binary++;
    else if (parseJson(o.payload as string) === undefined) {
      if (NOT_TEXT.test(o.payload as string)) p.binary++;
      else p.malformed++;
    }
  });
  return {
    records,
    partitions: [...parts.values()].map(({ lastTs: _, ...p }) => p),
    malformedLines,
  };
}

/** Records per topic, summed over partitions. */
export function recordsPerTopic(facts: RecordingFacts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of facts.partitions) out[p.topic] = (out[p.topic] ?? 0) + p.records;
  return out;
}

function isRecord(o: Record<string, unknown>): boolean {
  const { topic, partition, offset, headers } = o;
  if (typeof topic !== 'string' || topic === '') return false;
  if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) return false;
  if (typeof offset !== 'number' || !Number.isInteger(offset)) return false;
  if (headers !== undefined && (!Array.isArray(headers) || headers.length % 2 !== 0)) return false;
  return true;
}

function parseObject(line: string): Record<string, unknown> | null {
  const v = parseJson(line);
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
