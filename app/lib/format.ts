/** Text formats of the app: UTC times, durations, counts. Pure, so the tests pin them exactly. */

const pad2 = (n: number): string => String(n).padStart(2, '0');

function checkTime(ms: number): Date {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid timestamp: ${ms}`);
  return d;
}

/** `2026-01-05` for a timestamp (ms since epoch), in UTC. */
export function formatUtcDate(ms: number): string {
  const d = checkTime(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `13:42`, or `13:42:07` with `seconds`, in UTC. */
export function formatUtcClock(ms: number, seconds = false): string {
  const d = checkTime(ms);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad2(d.getUTCSeconds())}` : hm;
}

/** `2026-01-05 13:42 UTC`. */
export function formatUtc(ms: number): string {
  return `${formatUtcDate(ms)} ${formatUtcClock(ms)} UTC`;
}

/**
 * A `[start, end)` interval: `2026-01-05 13:42–14:05 UTC` on one day, both dates when it spans
 * days, and `… – now` when `end` is null (still open).
 */
export function formatUtcRange(start: number, end: number | null): string {
  if (end === null) return `${formatUtcDate(start)} ${formatUtcClock(start)} – still firing`;
  if (formatUtcDate(start) === formatUtcDate(end)) {
    return `${formatUtcDate(start)} ${formatUtcClock(start)}–${formatUtcClock(end)} UTC`;
  }
  return `${formatUtcDate(start)} ${formatUtcClock(start)} – ${formatUtc(end)}`;
}

/** `45 s`, `15 min`, `2 h 5 min`: whole units, rounded down. */
export function formatDuration(ms: number): string {
  if (!(ms >= 0)) throw new RangeError(`invalid duration: ${ms} (must be ≥ 0)`);
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** `1,234,567`: an integer with thousands separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A value for axes and inputs: up to 4 significant digits, no exponent for everyday sizes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-4) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A value with its unit: a `ratio` as a percentage (`0.125` → `12.5%`), else `3.2 orders`. */
export function formatInUnit(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  return unit === 'ratio' ? `${formatValue(v * 100)}%` : `${formatValue(v)} ${unit}`;
}

/** A value axis tick: a `ratio` as a percentage, anything else as `formatValue`. */
export function formatTick(v: number, unit: string): string {
  return unit === 'ratio' && Number.isFinite(v) ? `${formatValue(v * 100)}%` : formatValue(v);
}
