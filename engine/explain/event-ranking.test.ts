import { describe, expect, it } from 'vitest';
import type { SystemEvent } from '../contract.ts';
import { rankEvents, stem, words, type StageNames } from './event-ranking.ts';

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

  it('stems plural, past and -ing endings and a final y, keeping four letters', () => {
    expect(
      ['delivery', 'delivered', 'accepted', 'payments', 'picked', 'used', 'ready'].map(stem),
    ).toEqual(['deliver', 'deliver', 'accept', 'payment', 'pick', 'used', 'read']);
  });

  describe('an event naming a lifecycle stage other than the one that grew', () => {
    // A rejection spike in Riyadh × Careem: failures grew at placed → accepted. A delivery slowdown
    // in Riyadh at the same time brings a failed delivery-service scale-up naming Riyadh, nearer
    // the onset than the Careem adapter's deploy.
    const stages = (grew: string | null): StageNames => ({
      stages: [
        { step: 'placed', words: ['placed'] },
        { step: 'accepted', words: ['accepted'] },
        { step: 'picked up', words: ['picked'] },
        { step: 'delivered', words: ['delivered'] },
      ],
      grew,
    });
    const deploy = ev(5, 'DEPLOY', 'careem-adapter', 'v3.29.0: Careem menu item mapping rewrite');
    const provision = ev(
      1,
      'PROVISION_FAILED',
      'delivery-service',
      'node pool scale-up for delivery-service failed: insufficient capacity (Riyadh)',
    );
    const span = {
      lookFrom: ONSET - 120 * MIN,
      to: ONSET + 30 * MIN,
      onset: ONSET,
      windowMs: 30 * MIN,
    };
    const moving = [
      { text: 'Riyadh', weight: 0.95 },
      { text: 'Careem', weight: 0.89 },
    ];

    it('loses its scope overlap: the deploy naming the moving aggregator goes first', () => {
      const ranked = rankEvents([deploy, provision], span, moving, stages('accepted'));
      expect(ranked.map((r) => r.type)).toEqual(['DEPLOY', 'PROVISION_FAILED']);
      const [first, second] = ranked;
      // deploy: ½ exp(−5/30) + ½ · 0.89; the scale-up: ½ exp(−1/30) + ½ · 0
      expect(first!.score).toBeCloseTo(0.5 * Math.exp(-5 / 30) + 0.5 * 0.89, 12);
      expect(second!.scope_overlap).toBe(0);
      expect(second!.matched).toEqual([]);
      expect(second!.score).toBeCloseTo(0.5 * Math.exp(-1 / 30), 12);
    });

    it('keeps it when the stage it names is the one that grew, or when no stage grew', () => {
      for (const grew of ['delivered', null]) {
        const ranked = rankEvents([deploy, provision], span, moving, stages(grew));
        expect(ranked[0]!.type).toBe('PROVISION_FAILED');
        expect(ranked[0]!.scope_overlap).toBeCloseTo(0.95, 12);
        expect(ranked[0]!.matched).toEqual(['riyadh']);
      }
      // without stages, as before
      const plain = rankEvents([deploy, provision], span, moving);
      expect(plain[0]!.score).toBeCloseTo(0.5 * Math.exp(-1 / 30) + 0.5 * 0.95, 12);
    });
  });
});
