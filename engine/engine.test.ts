import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';
import { T0, recordsOf } from './testing/test-records.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const line = (offset: number, at: number, status: string) =>
  JSON.stringify({
    topic: 'orders-rejected',
    partition: 0,
    offset,
    tstype: 'create',
    ts: T0 + at,
    key: `o-${offset}`,
    payload: JSON.stringify({ status }),
  });

const recording = new TextEncoder().encode(
  [line(0, 0, 'REJECTED'), '{"topic":"orders-rejected",', line(1, 90_000, 'REJECTED')].join('\n') +
    '\n',
);
const labels = JSON.stringify({
  scenario: 'test',
  params: {},
  incidents: [{ id: 'i-1', kind: 'rejection-spike', start: T0, end: T0 + 60_000, scope: {} }],
});

describe('Engine.loadRecording', () => {
  it('loads a kcat recording, reporting malformed lines by number, with its labels', async () => {
    const phases = new Set<string>();
    const summary = await engine.loadRecording(recording, 'r.ndjson', labels, (p) =>
      phases.add(p.phase),
    );
    expect(summary.name).toBe('r.ndjson');
    expect(summary.records).toBe(2);
    expect([summary.start - T0, summary.end - T0]).toEqual([0, 90_000]);
    expect(summary.malformedLineCount).toBe(1);
    expect(summary.malformedLines).toEqual([{ line: 2, reason: expect.any(String) }]);
    expect(summary.incidents).toEqual([
      {
        id: 'i-1',
        kind: 'rejection-spike',
        start: T0,
        end: T0 + 60_000,
        scope: {},
        description: '',
      },
    ]);
    expect(summary.metrics.map((m) => m.id)).toEqual(['rejected-per-minute', 'rejected-5m']);
    expect(summary.histogram.step).toBe(1_000);
    expect(summary.histogram.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(phases).toEqual(new Set(['read', 'index']));
  });

  it('streams a file (a Blob, plain or gzip) to the same source as its bytes, with progress to its size', async () => {
    const fromBytes = await engine.loadRecording(recording.slice(), 'r.ndjson', labels);
    const gzip = new Uint8Array(
      await new Response(
        new Blob([recording]).stream().pipeThrough(new CompressionStream('gzip')),
      ).arrayBuffer(),
    );
    for (const file of [new Blob([recording]), new Blob([gzip])]) {
      const read: number[] = [];
      const summary = await engine.loadRecording(file, 'r.ndjson', labels, (p) => {
        if (p.phase === 'read') read.push(p.done / p.total);
      });
      expect(summary).toEqual(fromBytes);
      expect(read.at(-1)).toBe(1);
    }
  });

  it('names the recording and the reason when its file cannot be read', async () => {
    const gone = new Blob([recording]);
    gone.stream = () =>
      new ReadableStream<Uint8Array<ArrayBuffer>>({
        pull: (c) => c.error(new Error('the file was moved')),
      });
    await expect(engine.loadRecording(gone, 'r.ndjson')).rejects.toThrow(
      'recording "r.ndjson": the file was moved',
    );
  });

  it('names the recording and the reason when its labels are bad', async () => {
    await expect(
      engine.loadRecording(recording, 'r.ndjson', '{"incidents":[{"id":"x"}]}'),
    ).rejects.toThrow('recording "r.ndjson": labels: incident 1 (x): "kind" must be a string');
  });
});

describe('Engine', () => {
  it('replaces the previous source: its tables are dropped', async () => {
    await engine.loadRecords(recordsOf('first-topic', [{ at: 0, value: { a: 1 } }]), 'first');
    await engine.loadRecords(recordsOf('second-topic', [{ at: 0, value: { a: 1 } }]), 'second');
    const { rows } = await engine.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
    );
    expect(rows).toEqual([['second-topic']]);
  });

  it('delivers nothing before the source starts, and advances the clock by records', async () => {
    await engine.loadRecords(
      recordsOf('orders-rejected', [
        { at: 0, value: {} },
        { at: 10_000, value: {} },
        { at: 10_000, value: {}, partition: 1 },
        { at: 20_000, value: {} },
      ]),
      'clock',
    );
    const before = await engine.frame(T0 - 1);
    expect(before.delivered).toBe(0);
    expect(before.metrics.map((m) => m.series.length)).toEqual([0, 0]);
    expect((await engine.frame(T0 + 10_000)).delivered).toBe(3);
    expect(await engine.timeAfter(T0 - 1, 1)).toBe(T0);
    expect(await engine.timeAfter(T0, 1)).toBe(T0 + 10_000);
    expect(await engine.timeAfter(T0, 3)).toBe(T0 + 20_000);
    expect(await engine.timeAfter(T0 + 20_000, 1)).toBe(T0 + 20_000);
  });

  it('answers read-only SQL with plain values and refuses anything else, naming the query', async () => {
    const result = await engine.query(
      'SELECT count(*) AS n, max(_offset) AS o, 9007199254740993::BIGINT AS big FROM "orders-rejected"',
    );
    expect(result).toEqual({ columns: ['n', 'o', 'big'], rows: [[4, 2, '9007199254740993']] });
    await expect(engine.query('DROP TABLE "orders-rejected"')).rejects.toThrow(
      'query "DROP TABLE \\"orders-rejected\\"": only read-only statements are allowed, not DROP',
    );
    await expect(engine.query('SELECT * FROM nowhere')).rejects.toThrow(
      /^query "SELECT \* FROM nowhere": Catalog Error: Table with name nowhere does not exist/,
    );
  });

  it('caps the rows of a query at maxRows and says how many there were', async () => {
    const capped = await engine.query('SELECT * FROM range(10) t(i) ORDER BY i', 3);
    expect(capped).toEqual({ columns: ['i'], rows: [[0], [1], [2]], totalRows: 10 });
    const whole = await engine.query('SELECT * FROM range(2) t(i) ORDER BY i', 3);
    expect(whole).toEqual({ columns: ['i'], rows: [[0], [1]] });
  });

  it('names the scenario and the reason when its parameters are bad', async () => {
    await expect(engine.loadScenario({ durationMs: -1 })).rejects.toThrow(
      /^scenario "kitchen seed 7": .*durationMs/,
    );
  });

  it('does not fetch extensions: JSON functions fail at once', async () => {
    await expect(engine.query(`SELECT json_extract('{"a":1}', '$.a')`)).rejects.toThrow(/json/);
  });
});
