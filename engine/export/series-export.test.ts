import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, seriesCsv, type MetricSeries } from './series-csv.ts';
import { seriesParquet } from './series-parquet.ts';

const T0 = Date.UTC(2026, 0, 5, 10, 1);
const M = 60_000;

const metrics: MetricSeries[] = [
  {
    id: 'rejection-ratio',
    series: [
      {
        label: 'Dubai',
        times: Float64Array.from([T0, T0 + M, T0 + 2 * M]),
        values: Float64Array.from([0.125, NaN, 0.1]),
      },
      { label: 'Pune, "west"', times: Float64Array.from([T0]), values: Float64Array.from([-3]) },
    ],
  },
  {
    id: 'orders',
    series: [{ label: 'all', times: new Float64Array(0), values: new Float64Array(0) }],
  },
  {
    id: 'closed-s',
    series: [
      { label: 'r1', times: Float64Array.from([T0 + 5 * M]), values: Float64Array.from([7200]) },
    ],
  },
];

/** The rows every format must give back: metric, series, time_ms, value (null = no value). */
const expectedRows: [string, string, number, number | null][] = [
  ['rejection-ratio', 'Dubai', T0, 0.125],
  ['rejection-ratio', 'Dubai', T0 + M, null],
  ['rejection-ratio', 'Dubai', T0 + 2 * M, 0.1],
  ['rejection-ratio', 'Pune, "west"', T0, -3],
  ['closed-s', 'r1', T0 + 5 * M, 7200],
];

describe('seriesCsv', () => {
  it('writes one line per sample in long format, NaN as an empty value, ISO UTC times', () => {
    expect(seriesCsv(metrics)).toBe(
      'metric,series,time,time_ms,value\n' +
        'rejection-ratio,Dubai,2026-01-05T10:01:00.000Z,1767607260000,0.125\n' +
        'rejection-ratio,Dubai,2026-01-05T10:02:00.000Z,1767607320000,\n' +
        'rejection-ratio,Dubai,2026-01-05T10:03:00.000Z,1767607380000,0.1\n' +
        'rejection-ratio,"Pune, ""west""",2026-01-05T10:01:00.000Z,1767607260000,-3\n' +
        'closed-s,r1,2026-01-05T10:06:00.000Z,1767607560000,7200\n',
    );
  });

  it('with until (the replay time), leaves out samples stamped after it: the open window', () => {
    // at 10:02:30 the window ending at 10:03 is still open; closed-s's 10:06 sample is later still
    expect(seriesCsv(metrics, { until: T0 + 1.5 * M })).toBe(
      'metric,series,time,time_ms,value\n' +
        'rejection-ratio,Dubai,2026-01-05T10:01:00.000Z,1767607260000,0.125\n' +
        'rejection-ratio,Dubai,2026-01-05T10:02:00.000Z,1767607320000,\n' +
        'rejection-ratio,"Pune, ""west""",2026-01-05T10:01:00.000Z,1767607260000,-3\n',
    );
    // a sample stamped exactly at the replay time is of a finished window
    expect(seriesCsv(metrics, { until: T0 + 2 * M }).split('\n')).toHaveLength(6);
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces only', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField(' x')).toBe('" x"');
  });
});

describe('CSV and Parquet read back with native DuckDB', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-series-'));
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rows(sql: string): Promise<unknown[][]> {
    return (await conn.runAndReadAll(sql)).getRows();
  }

  it('read_parquet gives back every sample, value null for NaN, time as a UTC timestamp', async () => {
    const file = path.join(dir, 'series.parquet');
    writeFileSync(file, seriesParquet(metrics));
    const got = await rows(`SELECT metric, series, time_ms, value FROM read_parquet('${file}')`);
    expect(got.map(([m, s, t, v]) => [m, s, Number(t), v])).toEqual(expectedRows);
    const types = await rows(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`,
    );
    expect(Object.fromEntries(types)).toMatchObject({
      metric: 'VARCHAR',
      time: 'TIMESTAMP',
      time_ms: 'BIGINT',
      value: 'DOUBLE',
    });
    const mismatched = await rows(
      `SELECT count(*) FROM read_parquet('${file}') WHERE epoch_ms(time::TIMESTAMP) <> time_ms`,
    );
    expect(Number(mismatched[0]![0])).toBe(0);
  });

  it('read_parquet of an export until the replay time has no sample stamped after it', async () => {
    const file = path.join(dir, 'until.parquet');
    writeFileSync(file, seriesParquet(metrics, { until: T0 + 1.5 * M }));
    const got = await rows(`SELECT metric, series, time_ms, value FROM read_parquet('${file}')`);
    expect(got.map(([m, s, t, v]) => [m, s, Number(t), v])).toEqual(
      expectedRows.filter(([, , t]) => t <= T0 + 1.5 * M),
    );
  });

  it('read_csv gives back the same rows', async () => {
    const file = path.join(dir, 'series.csv');
    writeFileSync(file, seriesCsv(metrics));
    const got = await rows(
      `SELECT metric, series, time_ms, value FROM read_csv('${file}', header = true,
        columns = {'metric': 'VARCHAR', 'series': 'VARCHAR', 'time': 'VARCHAR', 'time_ms': 'BIGINT', 'value': 'DOUBLE'})`,
    );
    expect(got.map(([m, s, t, v]) => [m, s, Number(t), v])).toEqual(expectedRows);
  });
});
