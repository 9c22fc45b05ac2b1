/**
 * Tapedeck's one duration grammar, Prometheus style: one or more `<number><unit>` terms written
 * together (`90s`, `1h30m`, `2d`, `500ms`), or `0` alone. Units: `ms`, `s`, `m`, `h`, `d`, `w`
 * and `y` (365 days, as in Prometheus). Two leniencies beyond Prometheus keep what the CLI's
 * time-ago grammar accepted: a term may have a decimal fraction (`1.5h`), and terms may come in
 * any order (`30m1h`). Fractions are rounded to the nearest millisecond.
 */

/** Milliseconds per unit. */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** The units `formatDuration` writes, largest first (not `y`, so 365d stays `365d`). */
const FORMAT_UNITS: readonly (readonly [string, number])[] = [
  ['w', UNIT_MS.w!],
  ['d', UNIT_MS.d!],
  ['h', UNIT_MS.h!],
  ['m', UNIT_MS.m!],
  ['s', UNIT_MS.s!],
  ['ms', UNIT_MS.ms!],
];

const PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+$/;
const TERM = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
const EXPECTED =
  'expected a number with a unit, e.g. 500ms, 90s, 30m, 1h30m or 2d (units ms, s, m, h, d, w, y)';

/** Options of `parseDuration`. */
export interface ParseDurationOptions {
  /** accept a zero duration (`0`, `0s`); by default a duration must be longer than zero */
  allowZero?: boolean;
}

/**
 * A duration text in ms (see the grammar above), e.g. `6h` → 21600000, `1h30m` → 5400000.
 * Surrounding whitespace is ignored. Throws `invalid duration "<text>": …` for anything else,
 * for zero unless `allowZero`, and for a duration too long to count in whole ms exactly.
 */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number {
  const trimmed = text.trim();
  let ms = 0;
  if (trimmed !== '0') {
    if (!PATTERN.test(trimmed)) throw new Error(`invalid duration "${text}": ${EXPECTED}`);
    for (const [, amount, unit] of trimmed.matchAll(TERM)) ms += Number(amount) * UNIT_MS[unit!]!;
    ms = Math.round(ms);
  }
  if (!Number.isSafeInteger(ms)) throw new Error(`invalid duration "${text}": too long`);
  if (ms === 0 && !options.allowZero) {
    throw new Error(`invalid duration "${text}": must be longer than zero`);
  }
  return ms;
}

/**
 * A duration in ms as the largest unit that divides it exactly, one term: 300000 → `5m`,
 * 1500 → `1500ms`, 0 → `0s`. `parseDuration` reads it back to the same ms.
 */
export function formatDuration(ms: number): string {
  if (!(Number.isSafeInteger(ms) && ms >= 0)) {
    throw new RangeError(`invalid duration: ${ms} (expected a whole number of ms ≥ 0)`);
  }
  if (ms === 0) return '0s';
  const [unit, size] = FORMAT_UNITS.find(([, size]) => ms % size === 0)!;
  return `${ms / size}${unit}`;
}
