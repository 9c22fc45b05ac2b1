import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvFields, readSinkFolder, rowsToSeries, rowsWrittenSoFar } from './flink-output.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-flink-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the series sink folder', () => {
  writeFileSync(path.join(dir, 'part-a-0'), 'm,"b, c",120000,2.0\nm,a,60000,1.0\n');
  writeFileSync(path.join(dir, '.part-b-0.inprogress.x'), 'm,a,180000,3.0\n');

  it('splits quoted CSV fields as Flink writes them', () => {
    expect(csvFields('m,"say ""hi"", x",1,')).toEqual(['m', 'say "hi", x', '1', '']);
  });

  it('reads committed rows only, and counts every row written so far for progress', async () => {
    const rows = await readSinkFolder(dir);
    expect(rows.map((r) => r.timeMs)).toEqual([120_000, 60_000]);
    expect(rowsWrittenSoFar(dir)).toBe(3);
    expect(rowsWrittenSoFar(path.join(dir, 'missing'))).toBe(0);
  });

  it('groups rows into series sorted by label and time, metrics in the given order', async () => {
    const series = rowsToSeries(
      [...(await readSinkFolder(dir)), { metric: 'first', series: 's', timeMs: 1, value: NaN }],
      ['first', 'm'],
    );
    expect(series.map((m) => m.id)).toEqual(['first', 'm']);
    expect(series[1]!.series.map((s) => s.label)).toEqual(['a', 'b, c']);
    expect(Array.from(series[1]!.series[0]!.times)).toEqual([60_000]);
  });
});
