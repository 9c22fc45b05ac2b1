import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  benchJson,
  demoBreakdown,
  descendants,
  median,
  p95,
  parseFigure,
  TreeMemorySampler,
} from '../../bench/testing/index.ts';

describe('bench report (npm run bench -- --json)', () => {
  it('reads a figure of one number and a unit, and nothing else', () => {
    expect(parseFigure('72,250 records/s')).toEqual({ value: 72250, unit: 'records/s' });
    expect(parseFigure('146.1 ms')).toEqual({ value: 146.1, unit: 'ms' });
    expect(parseFigure('0.10×')).toEqual({ value: 0.1, unit: '×' });
    expect(parseFigure('26.8 s')).toEqual({ value: 26.8, unit: 's' });
    expect(parseFigure('0.14 ms median, 2.78 ms p99')).toBeNull();
    expect(parseFigure('5342 s (est.)')).toBeNull();
    expect(parseFigure('failed')).toBeNull();
  });

  it('keeps every row: its text, its number when it is one, and the numbers a row gives', () => {
    const json = benchJson(
      [
        { what: 'ingest', figure: '1,234,567 records/s', note: 'n' },
        {
          what: 'browser: seek',
          figure: '310 ms median, 420 ms p95',
          note: '',
          values: { medianMs: 310, p95Ms: 420 },
        },
        { what: 'browser: load', figure: 'failed', note: 'too big', values: {} },
      ],
      'title',
      { runs: 1 },
      new Date(Date.UTC(2026, 11, 7, 6)),
    );
    expect(json).toEqual({
      title: 'title',
      date: '2026-12-07T06:00:00.000Z',
      node: process.version,
      options: { runs: 1 },
      figures: [
        {
          what: 'ingest',
          figure: '1,234,567 records/s',
          note: 'n',
          value: 1234567,
          unit: 'records/s',
        },
        {
          what: 'browser: seek',
          figure: '310 ms median, 420 ms p95',
          note: '',
          values: { medianMs: 310, p95Ms: 420 },
        },
        { what: 'browser: load', figure: 'failed', note: 'too big', values: {} },
      ],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('median and 95th percentile (nearest rank)', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    expect(p95(twenty)).toBe(19);
    expect(p95([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});

describe("the demo's breakdown (where page load → first chart goes)", () => {
  it('gives each step from the end of the one before, from the marks of the page', () => {
    const row = demoBreakdown(
      [
        { kind: 'loaded', t: 300 },
        { kind: 'phase', t: 900, phase: 'generate' },
        { kind: 'phase', t: 4_000, phase: 'ingest' },
        { kind: 'phase', t: 4_500, phase: 'ingest' },
        { kind: 'phase', t: 6_250, phase: 'index' },
        { kind: 'state', t: 6_300, status: 'loading' },
        { kind: 'state', t: 8_000, status: 'ready', records: '218816' },
      ],
      9_050,
    );
    expect(row.figure).toBe(
      'page → app 0.3 · worker started 0.6 · generated and DuckDB ready 3.1 · ingest 2.3 · index 1.8 · first frame drawn 1.1',
    );
    expect(row.values).toEqual({
      appMs: 300,
      generateMs: 900,
      ingestMs: 4_000,
      indexMs: 6_250,
      summaryMs: 8_000,
      drawnMs: 9_050,
    });
  });

  it('counts a step whose end the page never showed in the next one, named with it', () => {
    const row = demoBreakdown(
      [
        { kind: 'loaded', t: 200 },
        { kind: 'phase', t: 2_200, phase: 'ingest' },
        { kind: 'state', t: 5_000, records: '10' },
      ],
      5_500,
    );
    expect(row.figure).toBe(
      'page → app 0.2 · worker started + generated and DuckDB ready 2.0 · ingest + index 2.8 · first frame drawn 0.5',
    );
  });
});

describe("the demo's breakdown from its snapshot", () => {
  it('names the steps of a snapshot load: fetched and DuckDB ready, loaded, first frame drawn', () => {
    const row = demoBreakdown(
      [
        { kind: 'loaded', t: 200 },
        { kind: 'phase', t: 1_500, phase: 'index' },
        { kind: 'phase', t: 1_900, phase: 'index' },
        { kind: 'state', t: 2_000, status: 'ready', records: '218816' },
      ],
      2_600,
    );
    expect(row.figure).toBe(
      'page → app 0.2 · snapshot fetched and DuckDB ready 1.3 · snapshot loaded 0.5 · first frame drawn 0.6',
    );
  });
});

describe("process tree memory (the browser part's peak)", () => {
  it('finds a child process and sums its resident memory', async () => {
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const isSleep = (comm: string) => comm === 'sleep';
      // exec replaces the forked node's name with sleep's shortly after spawn
      await expect.poll(() => descendants(process.pid, isSleep)).toEqual([child.pid]);
      const sampler = new TreeMemorySampler(process.pid, isSleep);
      const now = sampler.sample();
      expect(now.processes).toBe(1);
      expect(now.rss).toBeGreaterThan(100_000); // bytes: sleep holds a few hundred kB
      expect(now.anon).toBeGreaterThan(0);
      expect(now.anon).toBeLessThanOrEqual(now.rss);
      expect(sampler.peak).toEqual(now);
    } finally {
      child.kill();
    }
  });
});
