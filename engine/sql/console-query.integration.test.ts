import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../node.ts';
import type { Engine } from '../engine.ts';
import type { SourceSummary } from '../contract.ts';

let engine: Engine;
let summary: SourceSummary;
beforeAll(async () => {
  engine = await createNodeEngine();
  summary = await engine.loadScenario({ durationMs: 3 * 3_600_000, seed: 7 });
}, 120_000);
afterAll(() => engine?.close());

/** A query that runs for minutes unless stopped. */
const ENDLESS = 'SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3';

describe('SQL console query', () => {
  it('cancelQuery stops a running query inside DuckDB; the next query runs', async () => {
    const t0 = Date.now();
    const running = engine.consoleQuery(ENDLESS, 100);
    const failed = running.then(
      () => null,
      (e: Error) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await engine.cancelQuery()).toBe(true);
    const error = await failed;
    expect(error?.message).toMatch(/query cancelled after \d+\.\d s/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await engine.cancelQuery()).toBe(false);
    const next = await engine.consoleQuery('SELECT 41 + 1 AS answer', 100);
    expect(next).toMatchObject({ columns: ['answer'], rows: [[42]] });
  }, 30_000);

  it("errors point at the user's own text, line and column", async () => {
    const binder = await engine.consoleQuery('SELECT nope FROM range(3) t(i)', 10).catch((e) => e);
    expect(binder.message).toContain('LINE 1: SELECT nope FROM range(3) t(i)\n               ^');
    expect(binder.message).not.toContain('SELECT * FROM (');
    const conversion = await engine.consoleQuery("SELECT 1 +\n  'a'::INT AS x", 10).catch((e) => e);
    // DuckDB points at the cast, `::`, column 5 of the second line.
    expect(conversion.message).toContain(`LINE 2:   'a'::INT AS x\n${' '.repeat(8 + 5)}^`);
    const parser = await engine.consoleQuery('SELEC 1', 10).catch((e) => e);
    expect(parser.message).toContain('Parser Error');
    expect(parser.message).not.toContain('SELECT * FROM (');
  });

  it('metric_series and alert_intervals hold the metrics and firing intervals as of the replay time', async () => {
    const time = summary.end;
    const frame = await engine.frame(time);
    const alerts = await engine.alerts(time);
    const counts = await engine.consoleQuery(
      'SELECT metric, count(*) AS n FROM metric_series GROUP BY metric ORDER BY metric',
      1000,
      time,
    );
    const expected = frame.metrics
      .map((m) => [m.id, m.series.reduce((n, s) => n + s.times.length, 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(counts.rows).toEqual(expected.map(([id, n]) => [id, n]));
    expect(counts.types).toEqual(['Utf8', 'Int64']);

    const intervals = alerts.flatMap((a) => a.intervals.map((f) => ({ ...f, rule: a.id })));
    expect(intervals.length).toBeGreaterThan(0);
    const rows = await engine.consoleQuery(
      'SELECT rule, series, epoch_ms(start) AS start FROM alert_intervals ORDER BY rule, start, series',
      10_000,
      time,
    );
    expect(rows.rows).toEqual(
      intervals
        .map((f) => [f.rule, f.series, f.start])
        .sort((a, b) =>
          a[0] !== b[0]
            ? a[0]! < b[0]!
              ? -1
              : 1
            : a[2] !== b[2]
              ? Number(a[2]) - Number(b[2])
              : a[1]! < b[1]!
                ? -1
                : 1,
        ),
    );
    // Earlier in the replay there is less: the tables follow the time asked for.
    const early = await engine.consoleQuery(
      'SELECT count(*) AS n FROM metric_series',
      10,
      summary.start + 3_600_000,
    );
    const all = await engine.consoleQuery('SELECT count(*) AS n FROM metric_series', 10, time);
    expect(Number(early.rows[0]![0])).toBeLessThan(Number(all.rows[0]![0]));
    const types = await engine.consoleQuery('SELECT * FROM metric_series LIMIT 1', 10, time);
    expect(types.columns).toEqual(['metric', 'series', 'time', 'value']);
    expect(types.types![2]).toMatch(/^Timestamp/);
  });

  it('the console stays read-only and sandboxed', async () => {
    await expect(engine.consoleQuery('DROP TABLE metric_series', 10)).rejects.toThrow(
      'only read-only statements are allowed, not DROP',
    );
    await expect(engine.consoleQuery(`SELECT * FROM read_csv('/etc/passwd')`, 10)).rejects.toThrow(
      'Permission Error',
    );
  });
});
