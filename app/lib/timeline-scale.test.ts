import { describe, expect, it } from 'vitest';
import { histogramPath, hourTicks, stackRows, timeToX, xToTime } from './timeline-scale.ts';

const H = 3_600_000;
const range = { start: 0, end: 24 * H };

describe('timeline scale', () => {
  it('timeToX maps the range onto the width: noon is the middle', () => {
    expect(timeToX(12 * H, range, 1000)).toBe(500);
    expect(timeToX(0, range, 1000)).toBe(0);
    expect(timeToX(24 * H, range, 1000)).toBe(1000);
  });

  it('xToTime inverts timeToX and clamps outside the strip', () => {
    expect(xToTime(250, range, 1000)).toBe(6 * H);
    expect(xToTime(-40, range, 1000)).toBe(0);
    expect(xToTime(1200, range, 1000)).toBe(24 * H);
  });

  it('xToTime rejects a strip without width', () => {
    expect(() => xToTime(10, range, 0)).toThrow('invalid timeline width: 0');
  });

  it('histogramPath draws steps scaled to the largest count', () => {
    const hist = { start: 0, step: 12 * H, counts: [5, 10] };
    expect(histogramPath(hist, range, 100, 20)).toBe('M0,20L0,10L50,10L50,0L100,0L100,20Z');
  });

  it('histogramPath is empty when there is no volume', () => {
    expect(histogramPath({ start: 0, step: H, counts: [0, 0] }, range, 100, 20)).toBe('');
  });

  it('hourTicks picks whole hours: 24 h with room for 8 ticks gives every 3 h', () => {
    expect(hourTicks(range, 8).map((t) => t / H)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
  });
});

describe('stackRows', () => {
  it('keeps boxes that are far enough apart on one row and moves overlapping ones down', () => {
    // b overlaps a; c starts 10 px after a ends; d starts 2 px after c ends (closer than the gap).
    const boxes = [
      { x0: 0, x1: 100 },
      { x0: 50, x1: 80 },
      { x0: 110, x1: 200 },
      { x0: 202, x1: 260 },
    ];
    expect(stackRows(boxes, 6)).toEqual([0, 1, 0, 1]);
  });

  it('fills rows by position whatever the input order', () => {
    expect(
      stackRows(
        [
          { x0: 300, x1: 320 },
          { x0: 0, x1: 310 },
        ],
        6,
      ),
    ).toEqual([1, 0]);
  });
});
