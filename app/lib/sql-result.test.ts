import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../engine/index.ts';
import { errorPosition, quickChart, resultCsv, resultParquet } from './sql-result.ts';

const T0 = Date.UTC(2026, 11, 7, 3, 0);

const RESULT: QueryResult = {
  columns: ['minute', 'topic', 'records', 'share', 'big', 'ok'],
  types: ['Timestamp<MICROSECOND>', 'Utf8', 'Int64', 'Float64', 'Int64', 'Bool'],
  rows: [
    [T0 + 60_000, 'orders', 12, 0.5, '9007199254740993', true],
    [T0, 'orders, "eu"', 7, null, '1', false],
    [T0 + 120_000, null, 3, 0.25, '2', null],
  ],
};

describe('SQL result', () => {
  it('errorPosition reads the LINE excerpt and caret as offset, line and column', () => {
    const sql = 'SELECT 1 +\n  x::INT';
    expect(errorPosition(`Binder Error: x\n\nLINE 2:   x::INT\n${' '.repeat(10)}^`, sql)).toEqual({
      offset: 13,
      line: 2,
      column: 2,
    });
    expect(errorPosition('Catalog Error: no table', sql)).toBeNull();
    expect(errorPosition(`E\n\nLINE 9: x\n${' '.repeat(8)}^`, sql)).toBeNull();
  });

  it('CSV: a header, quoted fields where needed, NULL empty', () => {
    expect(resultCsv(RESULT)).toBe(
      'minute,topic,records,share,big,ok\r\n' +
        `${T0 + 60_000},orders,12,0.5,9007199254740993,true\r\n` +
        `${T0},"orders, ""eu""",7,,1,false\r\n` +
        `${T0 + 120_000},,3,0.25,2,\r\n`,
    );
  });

  it('Parquet: times as timestamps, integers, doubles, booleans and text, NULLs kept', async () => {
    const bytes = resultParquet(RESULT);
    const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      minute: new Date(T0 + 60_000),
      topic: 'orders',
      records: 12n,
      share: 0.5,
      big: '9007199254740993',
      ok: true,
    });
    expect(rows[1]!.share).toBeNull();
    expect(rows[2]!.topic).toBeNull();
    expect(rows[2]!.ok).toBeNull();
  });

  it('quick chart: the first time column against the numeric columns, in time order', () => {
    expect(quickChart(RESULT)).toEqual({
      timeColumn: 'minute',
      times: [T0, T0 + 60_000, T0 + 120_000],
      series: [
        { name: 'records', values: [7, 12, 3] },
        { name: 'share', values: [null, 0.5, 0.25] },
      ],
    });
  });

  it('quick chart: a column named like a time holding epoch ms counts; _offset and _seq are not lines', () => {
    const r: QueryResult = {
      columns: ['_seq', '_ts', '_offset', 'amount'],
      rows: [
        [0, T0, 5, 10.5],
        [1, T0 + 1000, 6, 11],
      ],
    };
    expect(quickChart(r)).toEqual({
      timeColumn: '_ts',
      times: [T0, T0 + 1000],
      series: [{ name: 'amount', values: [10.5, 11] }],
    });
  });

  it('no chart without a time column, without a numeric column or without rows', () => {
    expect(quickChart({ columns: ['n'], rows: [[1]] })).toBeNull();
    expect(quickChart({ columns: ['time', 'k'], rows: [[T0, 'a']] })).toBeNull();
    expect(quickChart({ ...RESULT, rows: [] })).toBeNull();
    // A small integer named `t` is not a time.
    expect(quickChart({ columns: ['t', 'v'], rows: [[3, 4]] })).toBeNull();
  });
});
