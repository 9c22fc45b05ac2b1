import { describe, expect, it } from 'vitest';
import { spreadLabels } from './label-layout.ts';

describe('spreadLabels', () => {
  it('leaves labels that do not overlap where they are', () => {
    expect(spreadLabels([10, 50, 90], 12, 0, 100)).toEqual([10, 50, 90]);
  });

  it('pushes labels closer than the gap apart, in their input order', () => {
    // Four thresholds whose lines are 2 px apart (14.4×, 6×, 3×, 1× on a tall burn axis).
    expect(spreadLabels([40, 42, 44, 46], 12, 0, 200)).toEqual([40, 52, 64, 76]);
    expect(spreadLabels([44, 40], 12, 0, 200)).toEqual([52, 40]);
  });

  it('keeps them within the plot, pulling back up from the bottom edge', () => {
    expect(spreadLabels([95, 96, 97], 10, 0, 100)).toEqual([80, 90, 100]);
  });
});
