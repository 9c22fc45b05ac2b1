import { describe, expect, it } from 'vitest';
import {
  LATEST_TIMESTAMP,
  OUTLIER_KINDS,
  outlierReason,
  timestampOutliers,
} from './timestamp-outliers.ts';

const T0 = Date.UTC(2026, 0, 5, 12); // a Monday noon
const MIN = 60_000;
const DAY = 86_400_000;

/** Ten minutes of records, one every `every` ms from T0, then `extra`. */
function tenMinutes(extra: number[] = [], every = 1_000): Float64Array {
  const ts: number[] = [];
  for (let t = T0; t < T0 + 10 * MIN; t += every) ts.push(t);
  return Float64Array.from([...ts, ...extra]);
}

/** The outliers as `[index, kind]`. */
function outliers(ts: Float64Array, skip?: Uint8Array): [number, string][] {
  const found = timestampOutliers(ts, skip);
  return Array.from(found.indices, (i, k) => [i, OUTLIER_KINDS[found.kinds[k]!]!]);
}

describe('timestampOutliers', () => {
  it('finds none in a recording without strays, and gives the bulk as whole UTC days', () => {
    const ts = tenMinutes();
    const found = timestampOutliers(ts);
    expect(found.indices).toHaveLength(0);
    expect([found.bulkStart, found.bulkEnd]).toEqual([Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 6)]);
  });

  it('makes every timestamp before 1970 or from 2200 on an outlier', () => {
    const ts = tenMinutes([-1, LATEST_TIMESTAMP, 8.64e15 + 1, Number.MAX_SAFE_INTEGER, -8.64e15]);
    const n = ts.length;
    expect(outliers(ts)).toEqual([
      [n - 5, 'before-1970'],
      [n - 4, 'after-2200'],
      [n - 3, 'after-2200'],
      [n - 2, 'after-2200'],
      [n - 1, 'before-1970'],
    ]);
  });

  it('makes a record more than a day from the bulk an outlier: ts 0, year 2100, two days late', () => {
    const ts = tenMinutes([0, Date.UTC(2100, 0, 1), T0 + 2 * DAY]);
    const n = ts.length;
    expect(outliers(ts)).toEqual([
      [n - 3, 'far-from-bulk'],
      [n - 2, 'far-from-bulk'],
      [n - 1, 'far-from-bulk'],
    ]);
  });

  it('keeps a record on the day next to the bulk (less than two days away)', () => {
    expect(outliers(tenMinutes([T0 + DAY]))).toEqual([]);
    expect(outliers(tenMinutes([T0 - DAY + MIN]))).toEqual([]);
  });

  it('keeps a run of days that holds at least 1% of the records: data, not a stray', () => {
    // 600 records in the bulk; 6 two days later are 0.99% of 606, 7 are 1.15% of 607.
    const six = Array.from({ length: 6 }, (_, k) => T0 + 2 * DAY + k);
    expect(outliers(tenMinutes(six))).toHaveLength(6);
    expect(outliers(tenMinutes([...six, T0 + 2 * DAY + 9]))).toEqual([]);
  });

  it('anchors the bulk on the run of the median record: the majority wins, whichever comes first', () => {
    const early = Date.UTC(2020, 0, 1);
    const late = Array.from({ length: 4 }, (_, k) => T0 + k);
    expect(outliers(Float64Array.from([early, ...late]))).toEqual([[0, 'far-from-bulk']]);
    expect(outliers(Float64Array.from([...late, early]))).toEqual([[4, 'far-from-bulk']]);
  });

  it('with no run of days big enough (one record every few days), keeps the median run only', () => {
    const sparse = Float64Array.from([0, 1, 2, 3, 4].map((k) => T0 + 3 * k * DAY));
    expect(outliers(sparse)).toEqual([
      [0, 'far-from-bulk'],
      [1, 'far-from-bulk'],
      [3, 'far-from-bulk'],
      [4, 'far-from-bulk'],
    ]);
  });

  it('keeps whatever lies between two parts of the bulk', () => {
    const big = Array.from({ length: 100 }, (_, k) => T0 + 10 * DAY + k);
    expect(outliers(tenMinutes([T0 + 5 * DAY, ...big]))).toEqual([]);
  });

  it('passes over NaN (no timestamp) and skipped records', () => {
    const ts = tenMinutes([NaN, 0]);
    const skip = new Uint8Array(ts.length);
    skip[ts.length - 1] = 1;
    expect(outliers(ts, skip)).toEqual([]);
    expect(timestampOutliers(Float64Array.from([NaN, NaN])).indices).toHaveLength(0);
    expect(timestampOutliers(new Float64Array(0)).bulkStart).toBeNaN();
  });

  it('with two records more than a day apart, leaves out the later one (the lower median wins)', () => {
    expect(outliers(Float64Array.from([T0, T0 + 3 * DAY]))).toEqual([[1, 'far-from-bulk']]);
    expect(outliers(Float64Array.from([T0]))).toEqual([]);
  });

  it('says why, with the date where JavaScript can show it', () => {
    const ts = tenMinutes();
    const bulk = timestampOutliers(ts);
    expect(outlierReason(Date.UTC(2100, 0, 1), 'far-from-bulk', bulk)).toBe(
      'ts 4102444800000 (2100-01-01T00:00:00.000Z) is more than a day away from the bulk of the records (2026-01-05 to 2026-01-05 UTC): an outlier, left out of the replay',
    );
    expect(outlierReason(-1, 'before-1970', bulk)).toBe(
      'ts -1 (1969-12-31T23:59:59.999Z) is before 1970: an outlier, left out of the replay',
    );
    expect(outlierReason(8.64e15 + 1, 'after-2200', bulk)).toBe(
      'ts 8640000000000001 is after 2200: an outlier, left out of the replay',
    );
  });
});
