/**
 * Fails at once on a bad option, naming it, its value and the rule it breaks, so a workbook error
 * reads as `invalid intervalMs: 0 (must be a positive finite number)`.
 */
export function invalid(name: string, value: unknown, reason: string): never {
  throw new RangeError(`invalid ${name}: ${String(value)} (${reason})`);
}

/** Checks a strictly positive finite number. */
export function checkPositive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    invalid(name, value, 'must be a positive finite number');
  return value;
}

/** Checks a finite number ≥ 0. */
export function checkNonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    invalid(name, value, 'must be a finite number ≥ 0');
  }
  return value;
}

/** Checks a finite number. */
export function checkFinite(name: string, value: number): number {
  if (!Number.isFinite(value)) invalid(name, value, 'must be a finite number');
  return value;
}

/** Checks that `durationMs` is a whole positive number of `stepMs` steps and returns that count. */
export function stepsIn(name: string, durationMs: number, stepMs: number): number {
  checkPositive(name, durationMs);
  const steps = durationMs / stepMs;
  if (!Number.isInteger(steps))
    invalid(name, durationMs, `must be a whole multiple of ${stepMs} ms`);
  return steps;
}
