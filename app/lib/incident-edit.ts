import type { Incident } from '../../formats/index.ts';

/** Parses a scope written as `region=eu, aggregator=Talabat`; blank parts are skipped. */
export function parseScope(text: string): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new Error(`scope part "${trimmed}": expected key=value`);
    scope[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return scope;
}

/** A scope as `parseScope` reads it. */
export function formatScope(scope: Record<string, string>): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** An id not yet taken among `incidents`: `label-1`, `label-2`, … */
export function nextLabelId(incidents: readonly Incident[]): string {
  const taken = new Set(incidents.map((i) => i.id));
  let n = 1;
  while (taken.has(`label-${n}`)) n++;
  return `label-${n}`;
}

/**
 * The time range `[start, end)` a brush from pixel `x0` to `x1` of a strip `width` pixels wide
 * over `range` selects, snapped to whole minutes; null when it is narrower than one minute.
 */
export function brushRange(
  x0: number,
  x1: number,
  width: number,
  range: { start: number; end: number },
): { start: number; end: number } | null {
  if (!(width > 0)) return null;
  const at = (x: number) =>
    range.start + (Math.min(Math.max(x, 0), width) / width) * (range.end - range.start);
  const minute = 60_000;
  const start = Math.floor(at(Math.min(x0, x1)) / minute) * minute;
  const end = Math.ceil(at(Math.max(x0, x1)) / minute) * minute;
  return end - start >= minute ? { start, end } : null;
}
