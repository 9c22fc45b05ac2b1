import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatencyStat } from '../contract.ts';
import { createNodeBindings } from '../node.ts';
import { latencyStat } from './compile-latency.ts';

/**
 * A latency's open windows are computed in JS (`latencyOpenWindows`): each stat but avg must
 * equal DuckDB's for the same values to the last bit, checked on random latencies.
 */
describe('latency stats in JS', () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = (await createNodeBindings()).connect();
  });
  afterAll(() => conn?.close());

  const duckdb = (fn: string, values: number[]): number => {
    const list = values.map((v) => v.toString()).join(', ');
    const sql = `SELECT CAST(${fn} AS DOUBLE) AS y FROM (SELECT unnest([${list}]::DOUBLE[]) AS d)`;
    return conn.query(sql).getChild('y')!.get(0) as number;
  };

  it('equal DuckDB’s: p50, p90, p95, p99, min, max and count', () => {
    const sql: Record<Exclude<LatencyStat, 'avg'>, string> = {
      p50: 'quantile_cont(d, 0.5)',
      p90: 'quantile_cont(d, 0.9)',
      p95: 'quantile_cont(d, 0.95)',
      p99: 'quantile_cont(d, 0.99)',
      min: 'min(d)',
      max: 'max(d)',
      count: 'count(d)',
    };
    // Latencies as the metric makes them: whole milliseconds over 1000, none negative.
    const latency = fc.integer({ min: 0, max: 86_400_000 }).map((ms) => ms / 1000);
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 40 }), (values) => {
        const sorted = Float64Array.from(values).sort();
        for (const [stat, fn] of Object.entries(sql)) {
          const mine = latencyStat(stat as LatencyStat, sorted);
          expect(Object.is(mine, duckdb(fn, values)), `${stat} of [${values}]`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
