import { describe, expect, it } from 'vitest';
import { chiSquare1Survival, gTest2x2 } from './g-test.ts';

describe('G-test of a 2×2 table', () => {
  it('chiSquare1Survival gives the known χ²(1) tail: 3.841459 → 0.05, 6.634897 → 0.01, 10.827566 → 0.001', () => {
    expect(chiSquare1Survival(3.841458820694124)).toBeCloseTo(0.05, 12);
    expect(chiSquare1Survival(6.6348966010212145)).toBeCloseTo(0.01, 12);
    expect(chiSquare1Survival(10.827566170662733)).toBeCloseTo(0.001, 12);
    expect(chiSquare1Survival(0)).toBe(1);
  });

  it('keeps precision far in the tail, where 1 − CDF would round to 0', () => {
    // P(χ²(1) ≥ 100) = erfc(√50) = 1.5239706048320995e-23
    expect(chiSquare1Survival(100) / 1.5239706048320995e-23).toBeCloseTo(1, 9);
  });

  it('gTest2x2 of [[30, 10], [10, 30]]: every E = 20, G = 2(60 ln 1.5 + 20 ln 0.5) = 20.92993…', () => {
    const { g, p } = gTest2x2(30, 10, 10, 30);
    const hand = 2 * (60 * Math.log(1.5) + 20 * Math.log(0.5));
    expect(hand).toBeCloseTo(20.929926, 5);
    expect(g).toBeCloseTo(hand, 12);
    // p = erfc(√(G/2)) = 4.763938e-6 (Python's math.erfc, computed apart from the gamma function)
    expect(p / 4.763938479565467e-6).toBeCloseTo(1, 9);
  });

  it('gTest2x2 of proportional rows is G = 0, p = 1; an empty cell counts 0, an empty row gives p = 1', () => {
    expect(gTest2x2(10, 20, 30, 60).g).toBeCloseTo(0, 12);
    expect(gTest2x2(10, 20, 30, 60).p).toBeCloseTo(1, 12);
    // [[5, 0], [0, 5]]: E = 2.5 in every cell, G = 2·(2 · 5 ln 2) = 20 ln 2
    expect(gTest2x2(5, 0, 0, 5).g).toBeCloseTo(20 * Math.log(2), 12);
    expect(gTest2x2(0, 0, 3, 4)).toEqual({ g: 0, p: 1 });
  });

  it('rejects a negative or non-finite count, naming it', () => {
    expect(() => gTest2x2(-1, 2, 3, 4)).toThrow('invalid count: -1');
    expect(() => gTest2x2(1, NaN, 3, 4)).toThrow('invalid count: NaN');
  });
});
