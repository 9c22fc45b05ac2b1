/**
 * The daily order curve. Hours are UTC hours treated as the kitchens' local time: the scenario
 * does not shift the curve per region, so "13:00" on a chart is the lunch peak everywhere.
 * Shape: quiet night (03:00–07:00), a breakfast ramp, a lunch peak at 13:00, an afternoon lull,
 * a taller dinner peak at 20:00 and a tail past midnight.
 */
const MINUTES_PER_DAY = 1440;

function rawCurve(hour: number): number {
  const daytime = sigmoid((hour - 8.5) * 1.4) * sigmoid((23.6 - hour) * 1.1);
  const lateTail = 0.35 * Math.exp(-((hour - 0) ** 2) / (2 * 1.3 ** 2));
  return (
    0.04 +
    0.3 * daytime +
    lateTail +
    1.05 * bump(hour, 13, 1.25) +
    1.4 * bump(hour, 20, 1.6) +
    0.1 * bump(hour, 9, 1)
  );
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A Gaussian bump on the 24-hour circle, so the dinner tail wraps past midnight. */
function bump(hour: number, center: number, width: number): number {
  let d = Math.abs(hour - center);
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * width * width));
}

/** Order intensity per minute of the UTC day, normalised so its mean over a day is 1. */
export const ORDER_CURVE: Float64Array = (() => {
  const curve = new Float64Array(MINUTES_PER_DAY);
  let sum = 0;
  for (let i = 0; i < MINUTES_PER_DAY; i++) {
    curve[i] = rawCurve((i + 0.5) / 60);
    sum += curve[i] as number;
  }
  const mean = sum / MINUTES_PER_DAY;
  for (let i = 0; i < MINUTES_PER_DAY; i++) curve[i] = (curve[i] as number) / mean;
  return curve;
})();

const PEAK = ORDER_CURVE.reduce((max, v) => Math.max(max, v), 0);

/** Relative order intensity at time `ms` (mean 1 over a UTC day). */
export function orderIntensity(ms: number): number {
  const minute = Math.floor(ms / 60_000) % MINUTES_PER_DAY;
  return ORDER_CURVE[minute < 0 ? minute + MINUTES_PER_DAY : minute] as number;
}

/** How busy the kitchens are at `ms`, from 0 (dead of night) to 1 (the dinner peak). */
export function load(ms: number): number {
  return orderIntensity(ms) / PEAK;
}
