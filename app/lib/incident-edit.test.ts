import { describe, expect, it } from 'vitest';
import type { Incident } from '../../formats/index.ts';
import { brushRange, formatScope, nextLabelId, parseScope } from './incident-edit.ts';

describe('incident editing helpers', () => {
  it('reads and writes a scope as key=value pairs', () => {
    expect(parseScope(' region = eu ,, aggregator=Talabat')).toEqual({
      region: 'eu',
      aggregator: 'Talabat',
    });
    expect(formatScope({ region: 'eu', aggregator: 'Talabat' })).toBe(
      'region=eu, aggregator=Talabat',
    );
    expect(() => parseScope('region')).toThrow(/"region": expected key=value/);
  });

  it('picks the first free label id', () => {
    const i = (id: string) => ({ id }) as Incident;
    expect(nextLabelId([i('label-1'), i('label-3')])).toBe('label-2');
    expect(nextLabelId([])).toBe('label-1');
  });

  it('turns a brush into whole minutes of the range, either direction', () => {
    // 100 px over 100 minutes: 1 px = 1 minute; 10.5 → 10 min (floor), 20.2 → 21 min (ceil)
    const range = { start: 0, end: 6_000_000 };
    expect(brushRange(20.2, 10.5, 100, range)).toEqual({ start: 600_000, end: 1_260_000 });
    // clamped to the strip
    expect(brushRange(-5, 200, 100, range)).toEqual({ start: 0, end: 6_000_000 });
    expect(brushRange(10, 10, 100, range)).toBeNull();
  });
});
