import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EARLY_DETECTION_PROFILES,
  earlyDetection,
  gridRows,
  listedRows,
  poolEarlyDetection,
  probationRows,
  scaledSigmoid,
} from './early-detection.ts';

const S = (x: number) => 2 / (1 + Math.exp(5 * x)) - 1;

describe('scaledSigmoid', () => {
  it("is NAB's 2·σ(−5x) − 1: 0.98661 at the window's left edge, 0 at its right, −1 far past it", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });
});

describe('earlyDetection, by hand', () => {
  // 20 rows a minute apart; probation floor(0.15 × 20) = 3 rows; one window over rows 8–11.
  const M = 60_000;
  const rows = gridRows(0, 20 * M, M);
  const windows = [{ start: 8 * M, end: 12 * M }];
  const at = (...rowsAt: number[]) => rowsAt.map((r) => r * M);

  it('places rows on the grid and takes 15% of them as probation', () => {
    expect(rows.count).toBe(20);
    expect(probationRows(20)).toBe(3);
    expect(probationRows(100_000)).toBe(750);
    expect(rows.atOrAfter(8 * M + 1)).toBe(9);
  });

  it('gives a perfect 100 to one alert on the first row of each window', () => {
    const e = earlyDetection({ rows, windows, alerts: at(8) });
    expect(e.windows).toBe(1);
    expect(e.standard).toEqual({ raw: 1, none: -1, perfect: 1, normalized: 100 });
    expect(e.lowMisses).toEqual({ raw: 1, none: -2, perfect: 1, normalized: 100 });
  });

  it('scores no alert as 0, and an alert late in the window as less', () => {
    expect(earlyDetection({ rows, windows, alerts: [] }).standard.normalized).toBe(0);
    // row 11 is the last of 4: position −(11 − 11 + 1)/4
    const late = earlyDetection({ rows, windows, alerts: at(11, 10) });
    const raw = S(-1 / 4) / S(-1);
    expect(late.standard.raw).toBeCloseTo(Math.max(raw, S(-2 / 4) / S(-1)), 12);
    expect(late.standard.normalized).toBeCloseTo((100 * (S(-2 / 4) / S(-1) + 1)) / 2, 10);
  });

  it('charges alerts outside windows by their distance past the previous one, −1 before any, and ignores the probation', () => {
    // row 1: probation, ignored; row 5: before any window (−1); row 8: detects; row 14: past
    // the window's right edge (11) by 3 of (4 − 1) rows: S(1).
    const e = earlyDetection({ rows, windows, alerts: at(1, 5, 8, 14) });
    expect(e.probationAlerts).toBe(1);
    const fp = -1 + S(1);
    expect(e.standard.raw).toBeCloseTo(1 + 0.11 * fp, 12);
    expect(e.lowFalseAlarms.raw).toBeCloseTo(1 + 0.22 * fp, 12);
    expect(e.lowMisses.raw).toBeCloseTo(1 + 0.11 * fp, 12);
  });

  it('lets an alert detect only the windows it may (a scoped series), else it is a false alarm', () => {
    const two = [...windows, { start: 8 * M, end: 10 * M }];
    const e = earlyDetection({
      rows,
      windows: two,
      alerts: at(9),
      canDetect: (_, w) => w === 1,
    });
    // window 1 (rows 8–9): detected at its last row; window 0 missed
    expect(e.standard.raw).toBeCloseTo(S(-1 / 2) / S(-1) - 1, 12);
    const none = earlyDetection({ rows, windows, alerts: at(9), canDetect: () => false });
    expect(none.standard.raw).toBeCloseTo(-1 + 0.11 * -1, 12);
  });

  it('pools sources as NAB totals a corpus: sums, then normalises', () => {
    const a = earlyDetection({ rows, windows, alerts: at(8) });
    const b = earlyDetection({ rows, windows, alerts: [] });
    const pooled = poolEarlyDetection([a, b])!;
    expect(pooled.standard).toEqual({ raw: 0, none: -2, perfect: 2, normalized: 50 });
    expect(pooled.windows).toBe(2);
    expect(poolEarlyDetection([a, undefined])).toBeUndefined();
  });
});

/** `nab-reference.json`: what NAB's scorer gave two detectors on three files (see its README). */
interface Reference {
  files: Record<
    string,
    {
      rows: number;
      windows: [string, string][];
      detectors: Record<
        string,
        Record<
          string,
          { threshold: number; score: number; tp: number; fp: number; detections: string[] }
        >
      >;
    }
  >;
}

const NAB = 'test/fixtures/nab';
const reference = JSON.parse(readFileSync(`${NAB}/nab-reference.json`, 'utf8')) as Reference;
const time = (s: string) => Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);
const PROFILES = {
  standard: 'standard',
  reward_low_FP_rate: 'lowFalseAlarms',
  reward_low_FN_rate: 'lowMisses',
} as const;

describe("earlyDetection against NAB's own scorer", () => {
  for (const [file, ref] of Object.entries(reference.files)) {
    const times = readFileSync(`${NAB}/${file}`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => time(line.split(',')[0]!));
    // NAB's windows include their last timestamp: end just past it.
    const windows = ref.windows.map(([s, e]) => ({ start: time(s), end: time(e) + 1 }));
    for (const [detector, profiles] of Object.entries(ref.detectors)) {
      for (const [profile, expected] of Object.entries(profiles)) {
        it(`${file}, ${detector}, ${profile}: score ${expected.score}`, () => {
          expect(times).toHaveLength(ref.rows);
          const e = earlyDetection({
            rows: listedRows(times),
            windows,
            alerts: expected.detections.map(time),
          });
          const name = PROFILES[profile as keyof typeof PROFILES];
          expect(EARLY_DETECTION_PROFILES[name]).toBeDefined();
          // NAB prints 12 significant digits
          expect(e[name].raw).toBeCloseTo(expected.score, 9);
        });
      }
    }
  }
});
