import { performance } from 'node:perf_hooks';

export interface Row {
  what: string;
  figure: string;
  note: string;
  /** the figure as numbers, for `--json` (else read from `figure` when it is one number and a unit) */
  values?: Record<string, number>;
}

/** The best (lowest) wall time in ms of `runs` runs of `fn`. */
export async function best(runs: number, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** Median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The 95th percentile of `values`, nearest rank (NaN for none). */
export function p95(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.ceil(0.95 * s.length) - 1]!;
}

/** One figure in the `--json` output. */
export interface JsonFigure {
  what: string;
  figure: string;
  note: string;
  /** the figure's number and unit when it is just that (`72,250 records/s` → 72250, `records/s`) */
  value?: number;
  unit?: string;
  /** the figure's numbers, when the row gives them (medians, percentiles, bytes) */
  values?: Record<string, number>;
}

/** The whole bench as JSON, for tracking figures from run to run. */
export interface BenchJson {
  title: string;
  date: string;
  node: string;
  options: Record<string, unknown>;
  figures: JsonFigure[];
}

/** Reads `<number> <unit>` (the number may have thousands separators); null for any other figure. */
export function parseFigure(figure: string): { value: number; unit: string } | null {
  const match = /^(-?\d[\d,]*(?:\.\d+)?)\s*(×|%|ms|s|records\/s|[A-Za-z/]+(?:\/s)?)$/.exec(
    figure.trim(),
  );
  if (!match) return null;
  return { value: Number(match[1]!.replaceAll(',', '')), unit: match[2]! };
}

/** The bench's rows as {@link BenchJson}. */
export function benchJson(
  rows: readonly Row[],
  title: string,
  options: Record<string, unknown>,
  date = new Date(),
): BenchJson {
  return {
    title,
    date: date.toISOString(),
    node: process.version,
    options,
    figures: rows.map((r) => {
      const parsed = parseFigure(r.figure);
      return {
        what: r.what,
        figure: r.figure,
        note: r.note,
        ...(parsed ?? {}),
        ...(r.values ? { values: r.values } : {}),
      };
    }),
  };
}

/** Prints the figures as a Markdown table, ready for the README. */
export function printTable(rows: Row[], title: string): void {
  const w = [0, 0, 0];
  for (const r of rows)
    [r.what, r.figure, r.note].forEach((c, i) => (w[i] = Math.max(w[i]!, c.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(w[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${title}\n\n`);
  process.stdout.write(`${line(['what', 'figure', 'note'])}\n`);
  process.stdout.write(`${line(w.map((x) => '-'.repeat(x)))}\n`);
  for (const r of rows) process.stdout.write(`${line([r.what, r.figure, r.note])}\n`);
}
