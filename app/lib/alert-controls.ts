import { formatDuration, parseDuration } from '../../formats/index.ts';

/** Bounds of the threshold slider: wide enough for the data and the rule, in round numbers. */

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `x` (for x > 0). */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`invalid value: ${x} (must be > 0)`);
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) {
    // Rounding keeps 0.3 / 0.1 style float noise from skipping a step.
    const v = Number((m * p).toPrecision(12));
    if (v >= x) return v;
  }
  return 10 * p;
}

/** Range and step of the threshold slider. */
export interface SliderScale {
  min: number;
  max: number;
  step: number;
}

/**
 * Slider bounds for a threshold: from 0 (or the lowest value) to a round number covering both
 * twice the threshold and the largest value seen, in 500 steps. A metric no rule watches has
 * an infinite threshold (it never fires): the data alone sizes the slider.
 */
export function sliderScale(threshold: number, dataMax: number | null, dataMin = 0): SliderScale {
  const twice = Number.isFinite(threshold) ? Math.abs(threshold) * 2 : 0;
  const top = Math.max(twice, dataMax ?? 0, 1e-9);
  const max = niceCeil(top);
  const min = dataMin < 0 ? -niceCeil(-dataMin) : 0;
  return { min, max, step: (max - min) / 500 };
}

/** The text of a rule's `for` field: whole minutes as a bare number (`5`), else a duration (`10s`). */
export function forText(ms: number): string {
  return ms % 60_000 === 0 ? String(ms / 60_000) : formatDuration(ms);
}

/**
 * Reads a rule's `for` field: a bare number is minutes (`5`, `0.5`), anything else a duration
 * (`10s`, `1m30s`); null while it is neither (half typed) or negative.
 */
export function parseForText(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 60_000);
  try {
    return parseDuration(t, { allowZero: true });
  } catch {
    return null;
  }
}
