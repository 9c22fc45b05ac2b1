import { describe, expect, it } from 'vitest';
import { baselinePeriods } from './baseline.ts';

describe('the preceding baseline', () => {
  const window = { from: 1_000, to: 1_100 };

  it('is the 4× window just before it, cut at the source start', () => {
    expect(baselinePeriods(window, undefined, 0).spans).toEqual([{ from: 600, to: 1_000 }]);
    expect(baselinePeriods(window, undefined, 700).spans).toEqual([{ from: 700, to: 1_000 }]);
  });

  it('ends at `end` when given (skipping an earlier incident), still factor × the window long', () => {
    expect(baselinePeriods(window, { kind: 'preceding', end: 800 }, 0).spans).toEqual([
      { from: 400, to: 800 },
    ]);
    expect(() => baselinePeriods(window, { kind: 'preceding', end: 1_001 }, 0)).toThrow(
      'invalid baseline end',
    );
  });
});
