const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration such as `6h`, `30m`, `90s`, `2d` or `1h30m` (units in the order d, h, m, s)
 * into milliseconds. Throws an error naming the input when it is not one, or is zero.
 */
export function parseDuration(text: string): number {
  const match = PATTERN.exec(text.trim());
  if (!match || text.trim() === '') {
    throw new Error(
      `invalid duration "${text}": expected a number with a unit, e.g. 6h, 30m, 90s, 2d or 1h30m`,
    );
  }
  const [, d, h, m, s] = match;
  const ms =
    Number(d ?? 0) * UNITS.d! +
    Number(h ?? 0) * UNITS.h! +
    Number(m ?? 0) * UNITS.m! +
    Number(s ?? 0) * UNITS.s!;
  if (ms <= 0) throw new Error(`invalid duration "${text}": must be longer than zero`);
  return ms;
}
