import { performance } from 'node:perf_hooks';

export interface Row {
  what: string;
  figure: string;
  note: string;
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
