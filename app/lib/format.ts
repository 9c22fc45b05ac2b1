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

/**
 * A value with its unit: a `ratio` as a percentage (`0.125` → `12.5%`), seconds from two minutes
 * on in minutes and from two hours on in hours (`3118` → `51.97 min`, `9000` → `2.5 h`), else
 * `3.2 orders`.
 */
export function formatInUnit(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'ratio') return `${formatValue(v * 100)}%`;
  if (unit === 's') return formatSeconds(v);
  return `${formatValue(v)} ${unit}`;
}

function formatSeconds(v: number): string {
  const abs = Math.abs(v);
  if (abs < 120) return `${formatValue(v)} s`;
  if (abs < 7200) return `${formatValue(v / 60)} min`;
  return `${formatValue(v / 3600)} h`;
}

/**
 * A value axis tick: a `ratio` as a percentage, seconds with their unit as `formatInUnit` writes
 * them (the axis then has no unit label: see `axisLabel`), anything else as `formatValue`.
 */
export function formatTick(v: number, unit: string): string {
  if (!Number.isFinite(v)) return formatValue(v);
  if (unit === 'ratio') return `${formatValue(v * 100)}%`;
  if (unit === 's') return v === 0 ? '0' : formatSeconds(v);
  return formatValue(v);
}

/** The value axis's label: the unit, except where each tick carries its own (seconds). */
export function axisLabel(unit: string): string | undefined {
  return unit === 's' ? undefined : unit;
}

/**
 * Tick steps for a value axis in seconds: the usual 1-2-5 steps below a minute, then whole
 * minutes and hours, so ticks read `30 min`, `60 min`, `2 h` rather than `2000`, `4000`.
 */
export const SECOND_TICK_STEPS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
  1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
