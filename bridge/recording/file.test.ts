import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { openRecordingFile, writeRecordingFile } from './file.ts';
import { readAllRecording, readRecording } from '../../formats/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECORDS: KafkaRecord[] = [
  {
    topic: 'orders',
    partition: 0,
    offset: 42n,
    timestamp: 1767225600000,
    key: 'o-17',
    headers: [
      ['traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
      ['retry', '1'],
      ['retry', null],
    ],
    value: '{"status":"PLACED"}',
  },
  {
    topic: 'orders',
    partition: 1,
    offset: 9007199254740993n,
    timestamp: null,
    key: null,
    headers: [],
    value: null,
  },
  {
    topic: 'payments',
    partition: 0,
    offset: 0n,
    timestamp: 1767225600500,
    key: 'p-1',
    headers: [],
    value: '3q2+7w==',
    valueEncoding: 'base64',
  },
];

/** `count` simple order records, generated lazily. */
async function* manyRecords(count: number): AsyncGenerator<KafkaRecord> {
  for (let i = 0; i < count; i++) {
    yield {
      topic: 'orders',
      partition: i % 3,
      offset: BigInt(i),
      timestamp: 1767225600000 + i,
      key: `o-${i}`,
      headers: [],
      value: `{"n":${i}}`,
    };
  }
}

describe('writeRecordingFile', () => {
  it('writes one kcat line per record, exactly', async () => {
    const path = join(dir, 'plain.ndjson');
    const result = await writeRecordingFile(path, RECORDS);
    const written = readFileSync(path, 'utf8');
    expect(written).toBe(
      '{"topic":"orders","partition":0,"offset":42,"tstype":"create","ts":1767225600000,' +
        '"headers":["traceparent","00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","retry","1","retry",null],' +
        '"key":"o-17","payload":"{\\"status\\":\\"PLACED\\"}"}\n' +
        '{"topic":"orders","partition":1,"offset":9007199254740993,"key":null,"payload":null}\n' +
        '{"topic":"payments","partition":0,"offset":0,"tstype":"create","ts":1767225600500,' +
        '"key":"p-1","payload":"3q2+7w==","payload_encoding":"base64"}\n',
    );
    expect(result).toEqual({ records: 3, bytes: Buffer.byteLength(written) });
  });

  it('gzips a .gz path byte-identically across writes, with mtime 0 in the header', async () => {
    const a = join(dir, 'a.ndjson.gz');
    const b = join(dir, 'b.ndjson.gz');
    const first = await writeRecordingFile(a, manyRecords(30_000));
    await writeRecordingFile(b, manyRecords(30_000));
    const bytesA = readFileSync(a);
    expect(bytesA.equals(readFileSync(b))).toBe(true);
    expect([...bytesA.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    expect(first).toEqual({ records: 30_000, bytes: bytesA.length });
    const lines = gunzipSync(bytesA).toString('utf8').split('\n');
    expect(lines).toHaveLength(30_001);
    expect(lines[29_999]).toBe(
      '{"topic":"orders","partition":2,"offset":29999,"tstype":"create","ts":1767225629999,"key":"o-29999","payload":"{\\"n\\":29999}"}',
    );
  });

  it('reads its gzip output back to the records it wrote', async () => {
    const path = join(dir, 'round-trip.ndjson.gz');
    await writeRecordingFile(path, RECORDS);
    expect(await readAllRecording(openRecordingFile(path))).toEqual({
      records: RECORDS,
      malformed: [],
    });
  });

  it('names the path when the file cannot be written', async () => {
    const path = join(dir, 'missing-dir', 'x.ndjson');
    await expect(writeRecordingFile(path, RECORDS)).rejects.toThrow(
      `cannot write recording ${path}`,
    );
  });
});

describe('openRecordingFile', () => {
  it('streams a file larger than one read chunk to every record', async () => {
    const path = join(dir, 'large.ndjson');
    await writeRecordingFile(path, manyRecords(30_000));
    let count = 0;
    let last: KafkaRecord | undefined;
    for await (const batch of readRecording(openRecordingFile(path), { batchSize: 4096 })) {
      expect(batch.malformed).toEqual([]);
      count += batch.records.length;
      last = batch.records.at(-1);
    }
    expect(count).toBe(30_000);
    expect(last?.offset).toBe(29_999n);
  });

  it('throws an error naming the path for a file that does not exist', () => {
    const path = join(dir, 'nope.ndjson');
    expect(() => openRecordingFile(path)).toThrow(`cannot open recording ${path}`);
  });

  it('rejects a directory', () => {
    expect(() => openRecordingFile(dir)).toThrow(
      `cannot open recording ${dir}: not a regular file`,
    );
  });
});
