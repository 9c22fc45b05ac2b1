import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { KafkaRecord } from '../record.ts';
import {
  lineStop,
  parseRecordingLine,
  readAllRecording,
  readRecording,
  readRecordingBlocks,
} from './reader.ts';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const TRACE_1 = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACE_2 = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const ORDERS: KafkaRecord[] = [
  {
    topic: 'orders',
    partition: 0,
    offset: 42n,
    timestamp: 1767225600000,
    key: 'o-17',
    headers: [
      ['traceparent', TRACE_1],
      ['source', 'app'],
    ],
    value: '{"status":"PLACED","amount":23.5}',
  },
  {
    topic: 'orders',
    partition: 0,
    offset: 43n,
    timestamp: 1767225601500,
    key: 'o-18',
    headers: [],
    value: '{"status":"ACCEPTED"}',
  },
  {
    topic: 'orders-rejected',
    partition: 2,
    offset: 7n,
    timestamp: 1767225602000,
    key: null,
    headers: [
      ['retry', '1'],
      ['retry', '2'],
    ],
    value: '{"status":"REJECTED","reason":"busy"}',
  },
  {
    topic: 'restaurant-status',
    partition: 1,
    offset: 0n,
    timestamp: 1767225603000,
    key: 'r-3',
    headers: [],
    value: '{"name":"Zaatar","status":"OFF","id":3}',
  },
  {
    topic: 'restaurant-status',
    partition: 1,
    offset: 1n,
    timestamp: 1767225604000,
    key: 'r-3',
    headers: [],
    value: null,
  },
];

const EDGE_CASES: KafkaRecord[] = [
  {
    topic: 'e2e-probe',
    partition: 0,
    offset: 5n,
    timestamp: null,
    key: 'probe-1',
    headers: [],
    value: '{"sent":1767225600123}',
  },
  {
    topic: 'orders',
    partition: 3,
    offset: 9007199254740993n,
    timestamp: 1767225600000,
    key: 'o-99',
    headers: [
      ['traceparent', TRACE_2],
      ['baggage', null],
    ],
    value: '{"offset":1,"note":"not the record offset"}',
  },
  {
    topic: 'orders',
    partition: 3,
    offset: 9223372036854775807n,
    timestamp: 1767225600001,
    key: null,
    headers: [],
    value: null,
  },
  {
    topic: 'payments',
    partition: 0,
    offset: 12n,
    timestamp: 1767225605000,
    key: 'p-1',
    headers: [['content-type', 'application/octet-stream']],
    value: '3q2+7w==',
    valueEncoding: 'base64',
  },
  {
    topic: 'orders',
    partition: 0,
    offset: 44n,
    timestamp: 1767225606000,
    key: 'o-é',
    headers: [
      ['h', 'a'],
      ['h', 'b'],
      ['h', null],
    ],
    value: '{"dish":"Shawarma é 🌯","note":"tab\\there\\nnewline \\"quoted\\""}',
  },
];

/** A stream that hands out `bytes` cut at the given positions. */
function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts, bytes.length];
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i + 1 >= edges.length) controller.close();
      else controller.enqueue(bytes.slice(edges[i]!, edges[++i]!));
    },
  });
}

const text = (s: string) => new TextEncoder().encode(s);

describe('readRecording', () => {
  it('decodes the orders fixture to the records kcat captured', async () => {
    expect(await readAllRecording(fixture('orders.ndjson'))).toEqual({
      records: ORDERS,
      malformed: [],
    });
  });

  it('decodes the edge-cases fixture: no timestamp, null header, int64 offsets, base64, unicode', async () => {
    expect(await readAllRecording(fixture('edge-cases.ndjson'))).toEqual({
      records: EDGE_CASES,
      malformed: [],
    });
  });

  it('reads a gzip file, told by its magic bytes, to the same records as the plain file', async () => {
    const gz = fixture('edge-cases.ndjson.gz');
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array(gunzipSync(gz))).toEqual(fixture('edge-cases.ndjson'));
    expect(await readAllRecording(gz)).toEqual({ records: EDGE_CASES, malformed: [] });
    expect(await readAllRecording(streamOf(gz, [1, 7, 40]))).toEqual({
      records: EDGE_CASES,
      malformed: [],
    });
  });

  it('reports malformed lines with their line numbers and reasons, keeping the good lines around them', async () => {
    const { records, malformed } = await readAllRecording(fixture('malformed.ndjson'));
    expect(records.map((r) => r.key)).toEqual(['o-1', 'o-2', 'o-6']);
    expect(records.map((r) => r.offset)).toEqual([1n, 2n, 6n]);
    expect(malformed.map((m) => m.line)).toEqual([2, 4, 6, 7]);
    expect(malformed[0]!.reason).toMatch(/^not JSON: /);
    expect(malformed[0]!.text).toBe('{"topic":"orders","partition":0,');
    expect(malformed[1]!.reason).toBe('offset: missing');
    expect(malformed[2]!.reason).toBe('partition: expected a non-negative integer, got string "0"');
    expect(malformed[3]!.reason).toBe('headers: odd length 3 (expected name/value pairs)');
  });

  it('gives the same result however the bytes are split into chunks, even inside a UTF-8 character', async () => {
    const bytes = fixture('edge-cases.ndjson');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await readAllRecording(streamOf(bytes, [cut]))).toEqual({
        records: EDGE_CASES,
        malformed: [],
      });
    }
    const oneByteEach = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect((await readAllRecording(streamOf(bytes, oneByteEach))).records).toEqual(EDGE_CASES);
  });

  it('keeps malformed line numbers under random chunk splits', async () => {
    const bytes = fixture('malformed.ndjson');
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 50; round++) {
      const cuts = Array.from({ length: 6 }, () => 1 + Math.floor(random() * (bytes.length - 1)));
      const result = await readAllRecording(
        streamOf(
          bytes,
          [...new Set(cuts)].sort((a, b) => a - b),
        ),
      );
      expect(result.records.map((r) => r.key)).toEqual(['o-1', 'o-2', 'o-6']);
      expect(result.malformed.map((m) => m.line)).toEqual([2, 4, 6, 7]);
    }
  });

  it('accepts CRLF line endings', async () => {
    const crlf = new TextDecoder().decode(fixture('orders.ndjson')).replaceAll('\n', '\r\n');
    expect(crlf).toContain('\r\n');
    expect(await readAllRecording(text(crlf))).toEqual({ records: ORDERS, malformed: [] });
    const malformed = new TextDecoder()
      .decode(fixture('malformed.ndjson'))
      .replaceAll('\n', '\r\n');
    const result = await readAllRecording(text(malformed));
    expect(result.malformed.map((m) => m.line)).toEqual([2, 4, 6, 7]);
    expect(result.malformed[0]!.text).toBe('{"topic":"orders","partition":0,');
  });

  it('skips blank and whitespace-only lines, reads a last line without newline, drops a leading BOM', async () => {
    const line = '{"topic":"t","partition":0,"offset":1,"key":null,"payload":"v"}';
    const result = await readAllRecording(text(`\uFEFF\n\n  \t\n${line}\n\n${line}`));
    expect(result.malformed).toEqual([]);
    expect(result.records).toHaveLength(2);
  });

  it('reports a BOM after the first line as malformed, wherever a chunk starts', async () => {
    const line = '{"topic":"t","partition":0,"offset":1,"key":null,"payload":"v"}';
    const bytes = text(`${line}\n\uFEFF${line}\n`);
    const result = await readAllRecording(streamOf(bytes, [line.length + 1]));
    expect(result.records).toHaveLength(1);
    expect(result.malformed.map((m) => m.line)).toEqual([2]);
  });

  it('reads an empty source to nothing', async () => {
    expect(await readAllRecording(new Uint8Array(0))).toEqual({ records: [], malformed: [] });
    const batches = [];
    for await (const b of readRecording(streamOf(new Uint8Array(0), []))) batches.push(b);
    expect(batches).toEqual([]);
  });

  it('truncates the text of a long malformed line to 200 characters', async () => {
    const long = `{"topic":"t","partition":0,"offset":1,"key":null,"payload":"${'x'.repeat(500)}"`;
    const { malformed } = await readAllRecording(text(long));
    expect(malformed).toHaveLength(1);
    expect(malformed[0]!.text).toBe(`${long.slice(0, 200)}…`);
  });

  it('yields batches of at most batchSize records, in file order, with malformed lines in their batch', async () => {
    const sizes: number[][] = [];
    const lines: number[][] = [];
    for await (const b of readRecording(fixture('malformed.ndjson'), { batchSize: 2 })) {
      sizes.push(b.records.map((r) => Number(r.offset)));
      lines.push(b.malformed.map((m) => m.line));
    }
    expect(sizes).toEqual([[1, 2], [6]]);
    expect(lines).toEqual([[2], [4, 6, 7]]);
  });

  it('reports progress as bytes read from the source, ending at its size', async () => {
    const gz = gzipSync(fixture('orders.ndjson'));
    const seen: number[] = [];
    for await (const _ of readRecording(streamOf(gz, [10]), { onProgress: (n) => seen.push(n) })) {
      // drain
    }
    expect(seen.at(-1)).toBe(gz.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('fails naming gzip when a gzip recording is truncated', async () => {
    const gz = fixture('edge-cases.ndjson.gz');
    await expect(readAllRecording(gz.subarray(0, gz.length - 20))).rejects.toThrow(
      /gzip recording/,
    );
  });

  it.each([
    ['plain', fixture('orders.ndjson')],
    ['gzip', new Uint8Array(gzipSync(fixture('orders.ndjson')))],
  ])('cancels the %s source stream when the reader stops early', async (_, bytes) => {
    let cancelled = false;
    let sent = false;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) controller.enqueue(bytes);
        sent = true;
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const batch of readRecording(source, { batchSize: 1 })) {
      expect(batch.records[0]!.offset).toBe(42n);
      break;
    }
    // A pipe through DecompressionStream passes the cancel on to its source a few ticks later.
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });

  it('rejects an invalid batchSize', async () => {
    const batches = readRecording(new Uint8Array(0), { batchSize: 0 });
    await expect(batches.next()).rejects.toThrow(/invalid batchSize: 0/);
  });
});

describe('readRecordingBlocks', () => {
  it('hands out whole lines, however the source is cut, with the leading BOM dropped', async () => {
    const bytes = text('\uFEFFone\ntwo\r\nthree é\n\nlast');
    for (const cuts of [[], [1], [2, 5], [9, 10, 11], [16, 17]]) {
      const blocks: string[] = [];
      for await (const block of readRecordingBlocks(streamOf(bytes, cuts))) {
        expect(block.constructor).toBe(Uint8Array);
        const decoded = new TextDecoder().decode(block);
        expect(decoded.endsWith('\n') || decoded.endsWith('last')).toBe(true);
        blocks.push(decoded);
      }
      expect(blocks.join('')).toBe('one\ntwo\r\nthree é\n\nlast');
    }
  });

  it('gives lineStop the end of a line without its CR', () => {
    const bytes = text('ab\r\ncd\n\r\n');
    expect([
      lineStop(bytes, 0, 3),
      lineStop(bytes, 4, 6),
      lineStop(bytes, 7, 8),
      lineStop(bytes, 0, 0),
    ]).toEqual([2, 6, 7, 0]);
  });
});

describe('parseRecordingLine', () => {
  it('reads a record, reports a malformed line with its number, and skips a blank one', () => {
    expect(
      parseRecordingLine('{"topic":"t","partition":0,"offset":1,"key":null,"payload":null}', 3),
    ).toEqual({
      topic: 't',
      partition: 0,
      offset: 1n,
      timestamp: null,
      key: null,
      headers: [],
      value: null,
    });
    expect(parseRecordingLine('{"topic":"t"}', 7)).toEqual({
      line: 7,
      reason: 'partition: missing',
      text: '{"topic":"t"}',
    });
    expect(parseRecordingLine(' \t ', 9)).toBeNull();
  });
});
