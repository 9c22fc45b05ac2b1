import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../formats/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';

/**
 * Memory is bounded by the data, not by the timestamps: ten minutes of the kitchen scenario with
 * a few timestamps set anywhere (0, −1, year 2100 or 3000, past what a Date can hold, years
 * away) and a few lines broken loads, computes its frame and every alert rule of the kitchen
 * workbook at its end, and the process never holds 1 GB.
 */

const START = Date.UTC(2026, 0, 5, 12);
const DAY = 86_400_000;
const NAME = 'kitchen-ten-minutes.ndjson';
const GB = 2 ** 30;

const lines = generateKitchen({
  ...KITCHEN_DEFAULTS,
  start: START,
  durationMs: 10 * 60_000,
}).records.map(encodeEnvelope);

const timestamp = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    8.64e15 + 1,
    8.64e15,
    Date.UTC(2100, 0, 1),
    Date.UTC(3000, 0, 1),
    Date.UTC(2199, 11, 31),
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
  ),
  fc.integer({ min: -3650, max: 3650 }).map((days) => START + days * DAY),
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

const broken = fc.constantFrom(
  'not json',
  '{"topic":',
  '',
  '{"topic":"orders","partition":0,"offset":1,"ts":1e400,"key":null,"payload":null}',
  '{"topic":"orders","partition":0,"offset":1,"ts":-0.5,"key":null,"payload":null}',
);

const mutant = fc
  .record({
    timestamps: fc.array(fc.tuple(fc.nat(), timestamp), { minLength: 1, maxLength: 20 }),
    broken: fc.array(fc.tuple(fc.nat(), broken), { maxLength: 3 }),
  })
  .map((m) => {
    const text = [...lines];
    for (const [i, ts] of m.timestamps) {
      const k = i % text.length;
      text[k] = text[k]!.replace(/"ts":-?\d+/, `"ts":${ts}`);
    }
    for (const [i, line] of m.broken) text.splice(i % text.length, 0, line);
    return {
      bytes: new TextEncoder().encode(`${text.join('\n')}\n`),
      lines: text.length,
      [fc.toStringMethod]: () =>
        `mutant: ts ${m.timestamps.map(([i, ts]) => `${i % lines.length}:${ts}`).join(' ')}` +
        `; broken ${m.broken.map(([i, l]) => `${i}:${JSON.stringify(l)}`).join(' ')}`,
    };
  });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('a ten-minute recording with outlier timestamps', () => {
  it('loads, and computes its frame and alerts, in under 1 GB, the time range staying the bulk', async () => {
    let peak = 0;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
    await fc.assert(
      fc.asyncProperty(mutant, async ({ bytes, lines: count }) => {
        let stage = 'load';
        try {
          const s = await engine.loadRecording(bytes, NAME);
          sample();
          expect(s.linesRead).toBe(count);
          expect(s.records + s.excludedRecords! + s.malformedLineCount + s.blankLines!).toBe(count);
          expect(s.start).toBeGreaterThanOrEqual(START - DAY);
          expect(s.end).toBeLessThan(START + 2 * DAY);
          stage = 'frame';
          const frame = await engine.frame(s.end);
          expect(frame.delivered).toBe(s.records);
          sample();
          stage = 'alerts';
          await engine.alerts(s.end);
          sample();
        } catch (err) {
          // Any error is a failure; it must at least say which input it is about.
          const message = err instanceof Error ? err.message : String(err);
          if (stage === 'load') expect(message).toContain(NAME);
          throw err;
        }
      }),
      { seed: 20260105, numRuns: 12, endOnFailure: true },
    );
    // ru_maxrss: the most this process ever held, DuckDB-WASM's memory included (kB on Linux).
    const maxRss = process.resourceUsage().maxRSS * 1024;
    expect(Math.max(peak, maxRss)).toBeLessThan(GB);
  });
});
