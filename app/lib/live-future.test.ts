import { describe, expect, it } from 'vitest';
import { futureLabel, futureLead, liveTopicNames } from './live-future.ts';

const NOW = Date.UTC(2026, 11, 7, 3, 0, 0);

describe('future timestamps', () => {
  it('a record time more than 2 s ahead of the wall clock is in the future, by how much', () => {
    expect(futureLead(NOW + 3 * 60_000, NOW)).toBe(180_000);
    expect(futureLabel(NOW + 3 * 60_000, NOW)).toBe('in the future (+3 min)');
    expect(futureLabel(NOW + 2 * 3_600_000 + 5 * 60_000, NOW)).toBe('in the future (+2 h 5 min)');
  });

  it('the present, the past, small clock differences and no record are not', () => {
    expect(futureLead(NOW, NOW)).toBeNull();
    expect(futureLead(NOW - 60_000, NOW)).toBeNull();
    expect(futureLead(NOW + 2_000, NOW)).toBeNull();
    expect(futureLead(null, NOW)).toBeNull();
    expect(futureLabel(NOW + 1_500, NOW)).toBeNull();
  });
});

describe('live topics', () => {
  it("the hello's topics, then those that appeared in the status since, once each", () => {
    expect(
      liveTopicNames(
        ['a', 'b'],
        [{ topic: 'a' }, { topic: 'b' }, { topic: 'c' }, { topic: 'c' }, { topic: 'a' }],
      ),
    ).toEqual(['a', 'b', 'c']);
    expect(liveTopicNames([], [])).toEqual([]);
  });
});
