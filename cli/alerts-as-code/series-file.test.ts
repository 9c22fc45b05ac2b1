import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/index.ts';
import { metricSeriesOf, readSeriesFile, seriesSpan } from './series-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-series-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const M = 60_000;
const T = Date.parse('2026-01-05T10:00:00Z');
const WB = parseWorkbook(
  `name: t
metrics:
  - { id: n, kind: count, topic: a, by: shop, window: 1m }
  - { id: r, kind: ratio, topic: a, numerator: { kind: count }, denominator: { kind: count }, window: 1m }
  - { id: closed, kind: state_duration, topic: s, key: k, state: st, value: 'OFF', every: 1m }
`,
  't.yaml',
);

describe('readSeriesFile', () => {
  it('reads the long form as written by export series and flink run, an empty value as NaN', async () => {
    const file = path.join(dir, 'a.csv');
    writeFileSync(
      file,
      'metric,series,time,time_ms,value\n' +
        `n,"x, y",2026-01-05T10:01:00.000Z,${T + M},3\n` +
        `r,all,2026-01-05T10:01:00.000Z,${T + M},\n`,
    );
    const s = await readSeriesFile(file);
    expect(s.get('n')?.get('x, y')).toEqual([[T + M, 3]]);
    expect(s.get('r')?.get('all')?.[0]?.[1]).toBeNaN();
  });
});

describe('readSeriesFile on a folder', () => {
  it('reads the committed part files of a Flink file-system sink, not the hidden in-progress ones', async () => {
    const folder = path.join(dir, 'sink');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'part-1-0'), `n,"a ""b""",${T + M},2.0\nr,all,${T + M},NaN\n`);
    writeFileSync(path.join(folder, '.part-2-0.inprogress'), `n,x,${T + M},9\n`);
    const s = await readSeriesFile(folder);
    expect([...s.keys()]).toEqual(['n', 'r']);
    expect(s.get('n')?.get('a "b"')).toEqual([[T + M, 2]]);
    expect(s.get('r')?.get('all')?.[0]?.[1]).toBeNaN();
  });
});

describe('metricSeriesOf', () => {
  it("fills a sparse file (Flink's: no row for an empty window) on the metric's grid with its empty value", () => {
    const span = { start: T, end: T + 4 * M + 30_000 };
    const n = metricSeriesOf(
      WB.metrics[0]!,
      new Map([
        [
          'x',
          [
            [T + 2 * M, 5],
            [T + 4 * M, 1],
            [T + 5 * M, 9],
          ],
        ],
      ]),
      span,
    );
    expect(Array.from(n[0]!.times)).toEqual([1, 2, 3, 4].map((k) => T + k * M));
    expect(Array.from(n[0]!.values)).toEqual([0, 5, 0, 1]); // the sample after the span is dropped
    const r = metricSeriesOf(WB.metrics[1]!, new Map([['all', [[T + 2 * M, 0.5]]]]), span);
    expect(Array.from(r[0]!.values)).toEqual([NaN, 0.5, NaN, NaN]);
  });
});

describe('seriesSpan', () => {
  it("starts at the latest start every metric's first sample allows, and ends at the last sample", () => {
    const samples = new Map([
      [
        'n',
        new Map([
          [
            'x',
            [
              [T + M, 1],
              [T + 3 * M, 2],
            ] as [number, number][],
          ],
        ]),
      ],
      ['closed', new Map([['k1', [[T, 10]] as [number, number][]]])],
    ]);
    expect(seriesSpan(WB, samples, {})).toEqual({ start: T, end: T + 3 * M });
    expect(seriesSpan(WB, samples, { start: T - 5, end: T + 9 })).toEqual({
      start: T - 5,
      end: T + 9,
    });
  });
});
