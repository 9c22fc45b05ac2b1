/** Milliseconds per duration unit, largest first (`formatDuration` picks the largest exact one). */
const UNITS: readonly (readonly [string, number])[] = [
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;

/**
 * A duration string (`500ms`, `30s`, `5m`, `1h`, `30d`, `2w`; one unit, a whole number) in ms,
 * or null when the text is not one. `0` alone is accepted as zero.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = PATTERN.exec(trimmed);
  if (!match) return null;
  const unit = UNITS.find(([name]) => name === match[2])!;
  const ms = Number(match[1]) * unit[1];
  return Number.isSafeInteger(ms) ? ms : null;
}

/** A duration in ms as the largest unit that divides it exactly: 300000 → `5m`, 0 → `0s`. */
export function formatDuration(ms: number): string {
  if (!(Number.isSafeInteger(ms) && ms >= 0)) {
    throw new RangeError(`invalid duration: ${ms} (expected a whole number of ms ≥ 0)`);
  }
  if (ms === 0) return '0s';
  const [unit, size] = UNITS.find(([, size]) => ms % size === 0)!;
  return `${ms / size}${unit}`;
}
