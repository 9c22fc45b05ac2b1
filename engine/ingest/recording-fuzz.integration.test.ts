import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeEnvelope,
  parseRecordingLine,
  type KafkaRecord,
  type MalformedLine,
} from '../../formats/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import { createNodeBindings } from '../node.ts';
import { decodedView, scannedView } from '../testing/scan-agreement.ts';
import { Ingest } from './recording-ingest.ts';
import { RecordingLineScanner } from './scan/line-scan.ts';

/**
 * The recording reader under a few hundred mutants of a real recording (fixed seed): kcat
 * fixtures and ten minutes of the kitchen scenario, mutated line by line (timestamps, offsets,
 * topics, repeats, cuts) and byte by byte (any byte, invalid UTF-8), some gzipped.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`../../formats/recording/fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

// Topics the fixtures have too: every topic costs each mutant a table in DuckDB.
const kitchen = generateKitchen({
  ...KITCHEN_DEFAULTS,
  start: Date.UTC(2026, 0, 5, 12),
  durationMs: 10 * 60_000,
})
  .records.filter((r) => r.topic === 'orders' || r.topic === 'payments')
  .slice(0, 80)
  .map(encodeEnvelope);

const BASE = [
  ...fixture('orders.ndjson'),
  ...fixture('edge-cases.ndjson'),
  ...fixture('malformed.ndjson'),
  ...kitchen,
];

const TIMESTAMPS = [
  '0',
  '-1',
  '8640000000000001',
  '8640000000000000',
  String(Date.UTC(2100, 0, 1)),
  String(Date.UTC(3000, 0, 1)),
  '9007199254740991',
  '-9007199254740991',
  '1e3',
  '1.5',
  'null',
  '"1767225600000"',
  String(Date.UTC(2026, 0, 8)),
];
const OFFSETS = ['-1', '0', '1', '9007199254740993', '18446744073709551616', '1.0', '"1"', '1e3'];
const TOPICS = ['"ORDERS"', '"Orders"', '"a\\ud800"', '"\\u0000"', '""', '"x\\"y"', '"é"', '"t t"'];
const INVALID_UTF8 = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90]];

/** One change to a mutant, with what it did for the counterexample. */
interface Edit<T> {
  label: string;
  apply: (target: T) => void;
}

const at = (lines: string[], i: number) => i % Math.max(1, lines.length);

const lineEdit: fc.Arbitrary<Edit<string[]>> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...TIMESTAMPS)).map(([i, ts]) => ({
    label: `ts of line ${i} := ${ts}`,
    apply: (lines: string[]) => {
      const k = at(lines, i);
      lines[k] = (lines[k] ?? '').replace(/"ts":[^,}]*/, `"ts":${ts}`);
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...OFFSETS)).map(([i, o]) => ({
    label: `offset of line ${i} := ${o}`,
    apply: (lines: string[]) => {
      const k = at(lines, i);
      lines[k] = (lines[k] ?? '').replace(/"offset":[^,}]*/, `"offset":${o}`);
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...TOPICS)).map(([i, t]) => ({
    label: `topic of line ${i} := ${t}`,
    apply: (lines: string[]) => {
      const k = at(lines, i);
      lines[k] = (lines[k] ?? '').replace(/"topic":"[^"]*"/, `"topic":${t}`);
    },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => ({
    label: `line ${i} again at ${j}`,
    apply: (lines: string[]) => void lines.splice(at(lines, j), 0, lines[at(lines, i)] ?? ''),
  })),
  fc.nat().map((i) => ({
    label: `line ${i} deleted`,
    apply: (lines: string[]) => void lines.splice(at(lines, i), 1),
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, n]) => ({
    label: `line ${i} cut at ${n}`,
    apply: (lines: string[]) => {
      const k = at(lines, i);
      lines[k] = (lines[k] ?? '').slice(0, n % ((lines[k]?.length ?? 0) + 1));
    },
  })),
  fc
    .tuple(
      fc.nat(),
      fc.oneof(
        fc.constantFrom('', '   ', '\t', '\r', '\ufeff', '{}', '[]', 'null', '{"a":'),
        fc.string({ maxLength: 40 }),
      ),
    )
    .map(([i, line]) => ({
      label: `${JSON.stringify(line)} inserted at ${i}`,
      apply: (lines: string[]) => void lines.splice(at(lines, i), 0, line),
    })),
);

const byteEdit: fc.Arbitrary<Edit<number[]>> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([i, b]) => ({
    label: `byte ${i} := ${b}`,
    apply: (bytes: number[]) => {
      if (bytes.length > 0) bytes[i % bytes.length] = b;
    },
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...INVALID_UTF8)).map(([i, bad]) => ({
    label: `bytes ${bad.join(',')} inserted at ${i}`,
    apply: (bytes: number[]) => void bytes.splice(i % (bytes.length + 1), 0, ...bad),
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 30 })).map(([i, n]) => ({
    label: `${n} bytes deleted at ${i}`,
    apply: (bytes: number[]) => void bytes.splice(i % (bytes.length + 1), n),
  })),
);

const mutant = fc
  .record({
    lines: fc.array(lineEdit, { minLength: 0, maxLength: 8 }),
    bytes: fc.array(byteEdit, { minLength: 0, maxLength: 4 }),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
    gzip: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ lines, bytes, crlf, finalNewline, gzip }) => {
    const text = [...BASE];
    for (const edit of lines) edit.apply(text);
    const joined = text.join(crlf ? '\r\n' : '\n') + (finalNewline ? '\n' : '');
    const raw = [...new TextEncoder().encode(joined)];
    for (const edit of bytes) edit.apply(raw);
    const plain = Uint8Array.from(raw);
    const label = [...lines, ...bytes].map((e) => e.label);
    if (crlf) label.push('CRLF');
    if (!finalNewline) label.push('no final newline');
    if (gzip) label.push('gzip');
    return {
      plain,
      source: gzip ? new Uint8Array(gzipSync(plain)) : plain,
      // A counterexample is shown by its edits, not its bytes.
      [fc.toStringMethod]: () => `mutant: ${label.join('; ') || 'none'}`,
    };
  });

/** Lines as the reader counts them: a leading BOM dropped, a last line without `\n` too. */
function lineRanges(bytes: Uint8Array): Array<[number, number]> {
  const from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const ranges: Array<[number, number]> = [];
  for (let start = from; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    ranges.push([start, end]);
    start = end + 1;
  }
  return ranges;
}

/** The decoded view with the value's members as an object (JSON.parse's: order aside). */
function asObjects<T extends { members: Array<[string, unknown]> | null }>(view: T) {
  return { ...view, members: view.members && Object.fromEntries(view.members) };
}

const strict = new TextDecoder('utf-8', { fatal: true });

const RUNS = 250;

let db: Awaited<ReturnType<typeof createNodeBindings>>;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await createNodeBindings();
  conn = db.connect();
});
afterAll(() => conn.close());

describe('recording reader under mutants of a real recording', () => {
  it('never crashes, accounts for every line, and the fast scanner agrees with the full decoder', async () => {
    let scannedLines = 0;
    await fc.assert(
      fc.asyncProperty(mutant, async ({ plain, source }) => {
        const ranges = lineRanges(plain);

        // The fast scanner and the full decoder agree on every line the scanner accepts.
        const scanner = new RecordingLineScanner();
        ranges.forEach(([start, end], k) => {
          const scanEnd = scanner.scan(plain, start);
          if (scanEnd < 0) return;
          scannedLines++;
          expect(scanEnd).toBe(end);
          const stop = end > start && plain[end - 1] === 0x0d ? end - 1 : end;
          const text = strict.decode(plain.subarray(start, stop)); // throws on invalid UTF-8
          const record = parseRecordingLine(text, k + 1);
          expect(record).not.toBeNull();
          expect(record).toHaveProperty('topic');
          expect(asObjects(scannedView(scanner, plain))).toEqual(
            asObjects(decodedView(record as KafkaRecord)),
          );
        });

        // Every line in is accounted for.
        const ingest = new Ingest(conn);
        const malformed: MalformedLine[] = [];
        try {
          for await (const lines of ingest.addRecording(source)) malformed.push(...lines);
          const result = ingest.finish();
          expect(result.linesRead).toBe(ranges.length);
          expect(
            result.tape.records + result.excludedRecords + malformed.length + result.blankLines,
          ).toBe(result.linesRead);
          const replayed = result.partitions.reduce((n, p) => n + p.records, 0);
          const leftOut = result.partitions.reduce((n, p) => n + p.duplicates + p.outliers, 0);
          expect([replayed, leftOut]).toEqual([result.tape.records, result.excludedRecords]);
          const faultLines = new Set(result.faults.map((f) => f.line));
          for (const m of malformed) {
            expect(m.line).toBeGreaterThanOrEqual(1);
            expect(m.line).toBeLessThanOrEqual(result.linesRead);
            expect(faultLines.has(m.line)).toBe(false);
          }
          for (const f of result.faults) expect(f.line).toBeLessThanOrEqual(result.linesRead);
          expect(result.faultCount).toBeGreaterThanOrEqual(result.excludedRecords);
        } finally {
          ingest.abort();
        }
      }),
      { seed: 20260105, numRuns: RUNS, endOnFailure: true },
    );
    // The mutants keep most lines readable by the fast path.
    expect(scannedLines).toBeGreaterThan(RUNS * 50);
  });
});
