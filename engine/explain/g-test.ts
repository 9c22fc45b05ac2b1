import gammainc from '@stdlib/math-base-special-gammainc';

/** `x ln(x / e)`, 0 for an empty cell (its limit). */
function term(x: number, e: number): number {
  return x > 0 ? x * Math.log(x / e) : 0;
}

/** P(χ²(1) ≥ g): the upper regularized incomplete gamma Q(1/2, g/2), exact far into the tail. */
export function chiSquare1Survival(g: number): number {
  if (!(g > 0)) return 1;
  return gammainc(g / 2, 0.5, true, true);
}

/**
 * The G-test (log-likelihood ratio) of a 2×2 table `[[a, b], [c, d]]`:
 * `G = 2 Σ O ln(O / E)` with `E = row sum × column sum / n`, and its p-value against χ²(1).
 * Kibana's log rate analysis ranks field values by this binomial test. A table with an empty
 * row or column has G = 0, p = 1.
 */
export function gTest2x2(a: number, b: number, c: number, d: number): { g: number; p: number } {
  for (const x of [a, b, c, d]) {
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`invalid count: ${x} (must be ≥ 0)`);
  }
  const n = a + b + c + d;
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) return { g: 0, p: 1 };
  const g =
    2 *
    (term(a, (r1 * c1) / n) +
      term(b, (r1 * c2) / n) +
      term(c, (r2 * c1) / n) +
      term(d, (r2 * c2) / n));
  const clamped = Math.max(0, g);
  return { g: clamped, p: chiSquare1Survival(clamped) };
}
