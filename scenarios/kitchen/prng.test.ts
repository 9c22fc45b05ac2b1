import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable } from './prng.ts';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uint32());

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream, and not for another', () => {
    expect(draws(new Rng(7, 'orders'), 5)).toEqual(draws(new Rng(7, 'orders'), 5));
    expect(draws(new Rng(7, 'orders'), 5)).not.toEqual(draws(new Rng(7, 'cluster'), 5));
    expect(draws(new Rng(7, 'orders'), 5)).not.toEqual(draws(new Rng(8, 'orders'), 5));
  });

  it('draws floats in [0, 1) with a mean near 1/2', () => {
    const rng = new Rng(1, 'test');
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it('writes hex ids of 8 digits per word', () => {
    expect(new Rng(1, 'test').hex(4)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives Poisson counts with the requested mean, below and above the normal cut-over', () => {
    const rng = new Rng(2, 'test');
    for (const lambda of [3, 100]) {
      let sum = 0;
      for (let i = 0; i < 5000; i++) sum += rng.poisson(lambda);
      expect(Math.abs(sum / 5000 - lambda) / lambda).toBeLessThan(0.05);
    }
  });
});

describe('WeightedTable', () => {
  it('never picks a zero weight and picks in proportion to the others', () => {
    const table = new WeightedTable([1, 0, 3]);
    const rng = new Rng(3, 'test');
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[table.pick(rng)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4);
  });

  it('returns -1 when every weight is zero', () => {
    expect(new WeightedTable([0, 0]).pick(new Rng(1, 'test'))).toBe(-1);
  });
});
