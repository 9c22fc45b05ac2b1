import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  benchJson,
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
