import { describe, expect, it } from 'vitest';
import type { FiringInterval } from '../contract.ts';
import { firingIntervals } from './alert-state.ts';

/**
 * A line-by-line transcription of one alert instance in Prometheus's AlertingRule.Eval
 * (rules/alerting.go, v2.42+), kept naive on purpose as the oracle.
 */
function reference(
  cond: boolean[],
  step: number,
  holdDuration: number,
  keepFiringFor: number,
): FiringInterval[] {
  const out: FiringInterval[] = [];
  let alert: {
    state: 'pending' | 'firing';
    activeAt: number;
    firedAt: number;
    keepFiringSince: number | null;
  } | null = null;
  cond.forEach((present, k) => {
    const ts = k * step;
    if (present && alert === null) {
      alert = { state: 'pending', activeAt: ts, firedAt: 0, keepFiringSince: null };
    }
    if (alert === null) return;
    if (!present) {
      let keepFiring = false;
      if (alert.state === 'firing' && keepFiringFor > 0) {
        alert.keepFiringSince ??= ts;
        keepFiring = ts - alert.keepFiringSince < keepFiringFor;
      }
      if (!keepFiring) {
        if (alert.state === 'firing') out.push({ series: 's', start: alert.firedAt, end: ts });
        alert = null;
        return;
      }
    } else {
      alert.keepFiringSince = null;
    }
    if (alert.state === 'pending' && ts - alert.activeAt >= holdDuration) {
      alert.state = 'firing';
      alert.firedAt = ts;
    }
  });
  const last = alert as { state: string; firedAt: number } | null;
  if (last?.state === 'firing') out.push({ series: 's', start: last.firedAt, end: null });
  return out;
}

describe('firingIntervals', () => {
  it('matches a naive transcription of rules/alerting.go on random conditions', () => {
    let x = 7;
    const rand = (): number => {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      return x / 2_147_483_648;
    };
    let firing = 0;
    for (let trial = 0; trial < 200; trial++) {
      const density = rand();
      const cond = Array.from({ length: 300 }, () => rand() < density);
      const bytes = Uint8Array.from(cond, (c) => (c ? 1 : 0));
      const forMs = Math.floor(rand() * 5) * 10;
      const keepMs = Math.floor(rand() * 4) * 10 + (trial % 3 === 0 ? 5 : 0);
      const got = firingIntervals(bytes, bytes.length, 0, 10, forMs, keepMs, 's');
      expect(got).toEqual(reference(cond, 10, forMs, keepMs));
      firing += got.length;
    }
    expect(firing).toBeGreaterThan(500);
  });

  it('keep_firing_for that is not a whole number of intervals resolves at the first evaluation past it', () => {
    // false from t = 20; 25 ms later is t = 45, so the evaluation at 50 resolves
    const cond = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(firingIntervals(cond, cond.length, 0, 10, 0, 25, 's')).toEqual([
      { series: 's', start: 0, end: 50 },
    ]);
  });
});
