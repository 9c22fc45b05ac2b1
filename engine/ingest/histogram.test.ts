import { describe, expect, it } from 'vitest';
import { histogram, histogramStep } from './histogram.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

describe('histogram', () => {
  it('picks the smallest round step that keeps a source within 300 buckets', () => {
    expect(histogramStep(T0, T0 + DAY - 1)).toBe(300_000); // 288 buckets of 5 min
    expect(histogramStep(T0, T0 + 3_600_000 - 1)).toBe(15_000); // 240 of 15 s
    expect(histogramStep(T0, T0 + 7 * DAY - 1)).toBe(3_600_000); // 168 of 1 h
    expect(histogramStep(T0, T0)).toBe(1_000);
  });

  it('counts timestamps in epoch-aligned buckets and skips missing ones', () => {
    const ts = Float64Array.from([T0 + 30_000, T0 + 299_999, T0 + 300_000, NaN, T0 + DAY - 1]);
    const h = histogram(ts, T0 + 30_000, T0 + DAY - 1);
    expect(h.start).toBe(T0);
    expect(h.step).toBe(300_000);
    expect(h.counts.length).toBe(288);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[287]).toBe(1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
