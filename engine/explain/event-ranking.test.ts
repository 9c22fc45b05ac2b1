import { describe, expect, it } from 'vitest';
import type { SystemEvent } from '../contract.ts';
import { rankEvents, words } from './event-ranking.ts';

const MIN = 60_000;
const ONSET = 100 * MIN;
const ev = (minutesBefore: number, type: string, source: string, detail: string): SystemEvent => ({
  time: ONSET - minutesBefore * MIN,
  type,
  source,
  detail,
});

describe('ranking system events against a change', () => {
  it('words keeps 3+ character words in lower case, without the common ones', () => {
    expect([...words('DEPLOY talabat-adapter v3.10.0: Talabat menu item mapping rewrite')]).toEqual(
      ['deploy', 'talabat', 'adapter', 'menu', 'item', 'mapping', 'rewrite'],
    );
  });

  it('puts the deploy naming the moving aggregator before a nearer scale-up that names nothing', () => {
    const deploy = ev(6, 'DEPLOY', 'talabat-adapter', 'v3.12.0: Talabat menu item mapping rewrite');
    const scale = ev(2, 'SCALE_UP', 'order-service', 'replicas 4 → 10 ahead of dinner');
    const span = {
      lookFrom: ONSET - 120 * MIN,
      to: ONSET + 30 * MIN,
      onset: ONSET,
      windowMs: 30 * MIN,
    };
    const ranked = rankEvents([deploy, scale], span, [
      { text: 'Talabat', weight: 0.9 },
      { text: 'Riyadh', weight: 0.8 },
    ]);
    expect(ranked.map((r) => r.type)).toEqual(['DEPLOY', 'SCALE_UP']);
    // τ = 30 min: time score exp(−6/30) = 0.81873, overlap 0.9 · 1/1
    expect(ranked[0]!.lead_ms).toBe(6 * MIN);
    expect(ranked[0]!.time_score).toBeCloseTo(Math.exp(-0.2), 12);
    expect(ranked[0]!.scope_overlap).toBeCloseTo(0.9, 12);
    expect(ranked[0]!.matched).toEqual(['talabat']);
    expect(ranked[0]!.score).toBeCloseTo(0.5 * Math.exp(-0.2) + 0.45, 12);
    expect(ranked[1]!.score).toBeCloseTo(0.5 * Math.exp(-2 / 30), 12);
  });

  it('halves the time score of an event after the onset and leaves out events outside the span', () => {
    const after = ev(-5, 'POD_FAILED', 'kafka', 'kafka-1 evicted');
    const early = ev(200, 'DEPLOY', 'x', 'y');
    const late = ev(-31, 'DEPLOY', 'x', 'y');
    const span = {
      lookFrom: ONSET - 120 * MIN,
      to: ONSET + 30 * MIN,
      onset: ONSET,
      windowMs: 5 * MIN,
    };
    const ranked = rankEvents([after, early, late], span, []);
    expect(ranked).toHaveLength(1);
    // τ = max(10 min, 5 min) = 10 min
    expect(ranked[0]!.time_score).toBeCloseTo(0.5 * Math.exp(-0.5), 12);
    expect(ranked[0]!.lead_ms).toBe(-5 * MIN);
  });

  it('counts an event less than one metric step after the onset as at the onset', () => {
    const span = {
      lookFrom: ONSET - 120 * MIN,
      to: ONSET + 30 * MIN,
      onset: ONSET,
      windowMs: 5 * MIN,
      stepMs: MIN,
    };
    const [within] = rankEvents([ev(-0.5, 'POD_FAILED', 'kafka', 'evicted')], span, []);
    expect(within!.time_score).toBe(1);
    // 3 minutes after: ½ exp((−3 + 1) / 10)
    const [later] = rankEvents([ev(-3, 'POD_FAILED', 'kafka', 'evicted')], span, []);
    expect(later!.time_score).toBeCloseTo(0.5 * Math.exp(-0.2), 12);
  });
});
