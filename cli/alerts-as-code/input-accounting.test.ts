import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, type Engine } from '../../engine/node.ts';
import {
  accountingText,
  countRecordingLines,
  inputAccounting,
  noRecordsMessage,
  unaccountedLines,
  type InputAccounting,
} from './input-accounting.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../formats/recording/fixtures');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const bytes = (text: string) => new TextEncoder().encode(text);

const record = (offset: number, payload = '{"status":"PLACED"}') =>
  JSON.stringify({
    topic: 'orders',
    partition: 0,
    offset,
    tstype: 'create',
    ts: Date.UTC(2026, 0, 5) + offset * 1000,
    key: `o-${offset}`,
    payload,
  });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

/** The engine's summary of `recording` and the CLI's count of its lines, as the CLI joins them. */
async function account(recording: Uint8Array): Promise<InputAccounting> {
  const source = await engine.loadRecording(recording, 'r.ndjson');
  return inputAccounting(source, await countRecordingLines(recording));
}

describe('countRecordingLines', () => {
  it('counts lines as the engine numbers them: blank, whitespace-only, CRLF, lone CR, no final newline, BOM', async () => {
    const text = [
      '\uFEFF' + record(0), // 1: the file's BOM is dropped, as the engine does
      '', // 2: blank
      '  \t ', // 3: whitespace only: blank
      `${record(1)}\r`, // 4: CRLF
      '\r', // 5: a lone CR: blank
      '{"topic":"orders","partition":0,', // 6: truncated
      record(2, 'not json at all'), // 7: a raw (non-JSON) payload is a record
      '\u00a0', // 8: NBSP only: malformed (only ASCII whitespace or control makes a blank line)
      record(3), // 9: no newline after the last line
    ].join('\n');
    expect(await countRecordingLines(bytes(text))).toEqual({ lines: 9, blankLines: 3 });
    const a = await account(bytes(text));
    expect(a).toMatchObject({ lines: 9, records: 4, malformedLines: 2, blankLines: 3 });
    expect(a.malformed).toEqual([
      { line: 6, reason: expect.stringMatching(/^not JSON: /) },
      { line: 8, reason: expect.stringMatching(/^not JSON: /) },
    ]);
    expect(unaccountedLines(a)).toBe(0);
  });

  it('a final newline ends the last line, it does not start another; an empty file has no lines', async () => {
    expect(await countRecordingLines(bytes(`${record(0)}\n${record(1)}\n`))).toEqual({
      lines: 2,
      blankLines: 0,
    });
    expect(await countRecordingLines(bytes(`${record(0)}\n\n`))).toEqual({
      lines: 2,
      blankLines: 1,
    });
    expect(await countRecordingLines(new Uint8Array())).toEqual({ lines: 0, blankLines: 0 });
  });

  it('lines = records + malformed + blank on the recording fixtures, plain and gzip', async () => {
    // malformed.ndjson: records on lines 1, 3 and 8, malformed 2, 4, 6 and 7, line 5 blank
    const malformed = await account(fixture('malformed.ndjson'));
    expect(malformed).toMatchObject({ lines: 8, records: 3, malformedLines: 4, blankLines: 1 });
    expect(malformed.malformed.map((m) => m.line)).toEqual([2, 4, 6, 7]);
    expect(await account(gzipSync(fixture('malformed.ndjson')))).toEqual(malformed);
    for (const name of ['edge-cases.ndjson', 'edge-cases.ndjson.gz', 'orders.ndjson']) {
      const a = await account(fixture(name));
      expect(a, name).toMatchObject({ lines: 5, records: 5, malformedLines: 0, blankLines: 0 });
    }
  });

  it('across many blocks: 3000 lines, every 7th malformed and every 11th blank, counted exactly', async () => {
    const lines: string[] = [];
    const expected = { records: 0, malformed: 0, blank: 0 };
    for (let i = 1; i <= 3000; i++) {
      if (i % 11 === 0) {
        lines.push(i % 2 ? '' : ' ');
        expected.blank++;
      } else if (i % 7 === 0) {
        lines.push(`{"broken": ${i}`);
        expected.malformed++;
      } else {
        lines.push(record(i, JSON.stringify({ pad: 'x'.repeat(500) })));
        expected.records++;
      }
    }
    const a = await account(gzipSync(bytes(`${lines.join('\n')}\n`)));
    // 272 multiples of 11; 428 of 7, less the 38 of 77 already blank
    expect(expected).toEqual({ records: 2338, malformed: 390, blank: 272 });
    expect(a).toMatchObject({
      lines: 3000,
      records: 2338,
      malformedLines: 390,
      blankLines: 272,
    });
    expect(a.malformed[0]!.line).toBe(7);
  });
});

describe('accountingText', () => {
  const many: InputAccounting = {
    lines: 31_000,
    records: 1_000,
    malformedLines: 29_910,
    blankLines: 90,
    malformed: Array.from({ length: 1000 }, (_, i) => ({ line: i + 1, reason: 'not JSON: x' })),
    excludedRecords: 0,
    faults: [],
    faultCount: 0,
  };

  it('states the identity, then the first malformed lines and how many more', () => {
    const text = accountingText(many, 3, ' (--json lists the first 1000)');
    expect(text).toEqual([
      'Input: 31000 lines read = 1000 records + 29910 malformed + 90 blank',
      'Malformed lines:',
      '  line 1: not JSON: x',
      '  line 2: not JSON: x',
      '  line 3: not JSON: x',
      '  … and 29907 more (--json lists the first 1000)',
    ]);
  });

  it('names the lines unaccounted for when the identity does not hold', () => {
    const off = { ...many, lines: 31_002 };
    expect(unaccountedLines(off)).toBe(2);
    expect(accountingText(off, 0)[0]).toBe(
      'Input: 31002 lines read ≠ 1000 records + 29910 malformed + 90 blank (2 unaccounted for)',
    );
  });

  it('no records: the lines read, the malformed count and the first five reasons', () => {
    const none = { ...many, lines: 30_000, records: 0 };
    expect(noRecordsMessage('r.ndjson', none).split('\n')).toEqual([
      'recording r.ndjson has no records: 30000 lines read = 0 records + 29910 malformed + 90 blank',
      '  line 1: not JSON: x',
      '  line 2: not JSON: x',
      '  line 3: not JSON: x',
      '  line 4: not JSON: x',
      '  line 5: not JSON: x',
      '  … and 29905 more',
    ]);
  });
});
