import type { FiringInterval } from '../contract.ts';

const INACTIVE = 0;
const PENDING = 1;
const FIRING = 2;

/**
 * Runs one alert instance's state machine over a condition sampled on an evaluation grid
 * (`cond[k]` is 1 when the rule's expression returned this series at time `start + k * stepMs`),
 * exactly as Prometheus's `AlertingRule.Eval` (rules/alerting.go) does:
 *
 * - condition true while inactive → pending, `activeAt` = this evaluation time;
 * - pending and `evalTime − activeAt ≥ forMs` → firing (so `forMs = 0` fires at the first true
 *   evaluation, and `forMs = 5 min` on a 1-minute grid fires on the 6th true evaluation);
 * - condition false while pending → inactive (one false evaluation resets the wait);
 * - condition false while firing → resolved at this evaluation, unless `keepFiringForMs > 0`:
 *   then `keepFiringSince` is set at the first false evaluation and the alert resolves at the
 *   first false evaluation with `evalTime − keepFiringSince ≥ keepFiringForMs`; a true
 *   evaluation meanwhile clears `keepFiringSince` and the alert simply keeps firing.
 *
 * Returns `[start, end)` intervals: `start` is the first firing evaluation time, `end` the
 * evaluation time at which it resolved, null if still firing at the last evaluation.
 */
export function firingIntervals(
  cond: Uint8Array,
  length: number,
  start: number,
  stepMs: number,
  forMs: number,
  keepFiringForMs: number,
  label: string,
): FiringInterval[] {
  const out: FiringInterval[] = [];
  let state = INACTIVE;
  let activeAt = 0;
  let firedAt = 0;
  let keeping = false;
  let keepFiringSince = 0;
  for (let k = 0; k < length; k++) {
    // Skip the evaluations that cannot change the state, so long quiet or firing stretches
    // cost one byte comparison each.
    if (state === INACTIVE) {
      while (k < length && cond[k] !== 1) k++;
      if (k === length) break;
    } else if (state === FIRING && !keeping) {
      while (k < length && cond[k] === 1) k++;
      if (k === length) break;
    }
    const t = start + k * stepMs;
    if (cond[k] === 1) {
      keeping = false;
      if (state === INACTIVE) {
        state = PENDING;
        activeAt = t;
      }
      if (state === PENDING && t - activeAt >= forMs) {
        state = FIRING;
        firedAt = t;
      }
    } else if (state === PENDING) {
      state = INACTIVE;
    } else if (state === FIRING) {
      if (keepFiringForMs > 0) {
        if (!keeping) {
          keeping = true;
          keepFiringSince = t;
        }
        if (t - keepFiringSince < keepFiringForMs) continue;
      }
      out.push({ series: label, start: firedAt, end: t });
      state = INACTIVE;
      keeping = false;
    }
  }
  if (state === FIRING) out.push({ series: label, start: firedAt, end: null });
  return out;
}
