import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type { AlertRuleResult, Frame, Series, SourceSummary } from '../contract.ts';
import type { Engine } from '../engine.ts';
import { seriesCsv, seriesParquet } from '../export/index.ts';
import { createNodeEngine } from '../node.ts';
import { KITCHEN_WORKBOOK } from '../workbook/index.ts';

// A series file opened as the source (issue 16, point 3: the app opens one as it opens a
// recording): frames, alerts and SLIs from the series alone equal those of the recording.

const S = Date.parse('2026-01-05T18:00:00Z');
const M = 60_000;

let recording: Engine;
let series: Engine;
let summary: SourceSummary;
let recFrame: Frame;
let recAlerts: AlertRuleResult[];
let files: { csv: Uint8Array; parquet: Uint8Array; labels: string };

beforeAll(async () => {
  const kitchen = generateKitchen({
    ...KITCHEN_DEFAULTS,
    seed: 5,
    start: S,
    durationMs: 3 * 3_600_000,
  });
  recording = await createNodeEngine();
  summary = await recording.loadRecords(kitchen.records, 'k', kitchen.labels.incidents);
  recFrame = await recording.frame(summary.end);
  recAlerts = await recording.alerts(summary.end);
  const metrics = [
    ...recFrame.metrics,
    ...(recFrame.slis ?? []).map((s) => ({ id: s.id, series: [s.minutes] })),
  ];
  files = {
    csv: new TextEncoder().encode(seriesCsv(metrics, { until: summary.end })),
    parquet: seriesParquet(metrics, { until: summary.end }),
    labels: JSON.stringify(kitchen.labels),
  };
  series = await createNodeEngine();
}, 240_000);

afterAll(() => {
  recording?.close();
  series?.close();
});

/** A series cut to the samples at or before `t`, as plain arrays. */
const upTo = (s: Series, t: number) => {
  const n = s.times.findIndex((x) => x > t);
  const end = n < 0 ? s.times.length : n;
  return { label: s.label, times: [...s.times.slice(0, end)], values: [...s.values.slice(0, end)] };
};

describe('Engine.loadSeries', () => {
  for (const format of ['csv', 'parquet'] as const) {
    it(`opens the ${format} series of a recording: same span, metrics, SLI minutes and alert intervals`, async () => {
      const loaded = await series.loadSeries(files[format].slice(), `k.${format}`, files.labels);
      expect(loaded.start).toBe(summary.start);
      expect(loaded.end).toBeLessThanOrEqual(summary.end);
      expect(loaded.end).toBeGreaterThan(summary.end - M);
      expect(loaded.incidents).toEqual(summary.incidents);
      expect(loaded.metrics.map((m) => m.id)).toEqual(summary.metrics.map((m) => m.id));
      expect(loaded.partitions).toEqual([]);
      expect(loaded.series!.unavailable).toEqual([]);
      expect(loaded.records).toBeGreaterThan(100); // distinct sample times

      const frame = await series.frame(summary.end);
      for (const m of recFrame.metrics) {
        const mine = frame.metrics.find((f) => f.id === m.id)!;
        expect(
          mine.series.map((s) => upTo(s, summary.end)),
          m.id,
        ).toEqual(m.series.map((s) => upTo(s, summary.end)));
      }
      expect(frame.slis!.map((s) => s.summary)).toEqual(recFrame.slis!.map((s) => s.summary));
      const alerts = await series.alerts(summary.end);
      expect(alerts).toEqual(recAlerts);
      expect(alerts.reduce((n, r) => n + r.intervals.length, 0)).toBeGreaterThan(2);
      const sli = await series.sli('cluster-availability', summary.end);
      expect(sli.summary).toEqual(
        (await recording.sli('cluster-availability', summary.end)).summary,
      );
    }, 60_000);
  }

  it('shows at a replay time only the samples stamped by then, and counts the sample times as delivered', async () => {
    const csv =
      'metric,series,time,time_ms,value\n' +
      `rejected-per-minute,all,x,${S + M},3\n` +
      `rejected-per-minute,all,x,${S + 2 * M},\n` +
      `rejected-per-minute,all,x,${S + 3 * M},5\n` +
      `restaurant-closed-seconds,"Pizza, Bros",x,${S + M},30\n`;
    const loaded = await series.loadSeries(new TextEncoder().encode(csv), 'hand.csv');
    // the latest start both allow: the first window [S, S+1m) began at S, and the first
    // instant S+1m is less than one interval after the source's start
    expect(loaded.start).toBe(S + 1);
    expect(loaded.end).toBe(S + 3 * M);
    expect(loaded.records).toBe(3);
    expect(loaded.series!.samples).toBe(4);
    expect(loaded.metrics.map((m) => m.id)).toEqual([
      'rejected-per-minute',
      'restaurant-closed-seconds',
    ]);
    expect(loaded.series!.unavailable.map((u) => u.id)).toContain('orders-per-aggregator');
    expect(await series.timeAfter(S, 2)).toBe(S + 2 * M);
    const frame = await series.frame(S + 2 * M + 30_000);
    expect(frame.delivered).toBe(2);
    const rejected = frame.metrics.find((m) => m.id === 'rejected-per-minute')!.series[0]!;
    expect([...rejected.times]).toEqual([S + M, S + 2 * M]);
    // an empty value is no value (NaN), not the metric's missing 0
    expect([...rejected.values]).toEqual([3, NaN]);
    const closed = frame.metrics.find((m) => m.id === 'restaurant-closed-seconds')!.series;
    // the instant S+2m on its grid has no row: no value
    expect(closed.map((s) => [s.label, [...s.values]])).toEqual([['Pizza, Bros', [30, NaN]]]);
    await expect(
      series.explain({ metric: 'rejected-per-minute', from: S, to: S + M, time: S + 3 * M }),
    ).rejects.toThrow('a series file has no records to explain');
  });

  it('takes a workbook loaded over a series file: its metrics the file lacks are unavailable, and the kitchen workbook back computes them again', async () => {
    await series.loadSeries(files.csv.slice(), 'k.csv', files.labels);
    const other = await series.loadWorkbook(
      'name: other\nmetrics:\n  - { id: sales, kind: count, topic: sales, window: 1m }\n',
      'other.yaml',
    );
    expect(other.accepted).toBe(true);
    expect(other.metrics).toEqual([]);
    expect(other.unavailable).toEqual([
      { id: 'sales', reason: 'the series file has no series of metric sales' },
    ]);
    expect((await series.frame(summary.end)).metrics).toEqual([]);
    const back = await series.loadWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
    expect(back.metrics.map((m) => m.id)).toEqual(summary.metrics.map((m) => m.id));
    expect(await series.alerts(summary.end)).toEqual(recAlerts);
  });

  it('refuses a file that is not a series file, naming it and the column it lacks', async () => {
    await expect(
      series.loadSeries(new TextEncoder().encode('{"topic":"orders"}\n'), 'capture.csv'),
    ).rejects.toThrow('series file capture.csv: no "metric" column in its header');
    await expect(
      series.loadSeries(
        new TextEncoder().encode('metric,series,time_ms,value\nx,all,1,2\n'),
        'other.csv',
      ),
    ).rejects.toThrow("the series file holds no samples of the workbook's metrics");
  });
});
