import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../workbook/index.ts';
import { metricDimensions, seriesDimensions } from './series-dimensions.ts';

const wb = parseWorkbook(
  `
name: dims
metrics:
  - { id: one, title: One, unit: x, kind: count, topic: t, window: 1m }
  - { id: two, title: Two, unit: x, kind: count, topic: t, by: [region, aggregator], window: 1m }
  - id: lat
    title: Lat
    unit: s
    kind: latency
    topic: t
    key: k
    from: { filter: "s = 'A'" }
    to: { filter: "s = 'B'" }
    stats: [p50, p95]
    window: 5m
  - { id: off, title: Off, unit: s, kind: state_duration, topic: t, key: name, state: s, value: 'OFF', every: 1m }
`,
  'dims.yaml',
);
const def = (id: string) => wb.metrics.find((m) => m.id === id)!;

describe('seriesDimensions', () => {
  it('splits a label into its by values, with the stat of a multi-stat latency metric', () => {
    expect(seriesDimensions(def('one'), 'all')).toEqual({});
    expect(seriesDimensions(def('two'), 'Dubai · Talabat')).toEqual({
      region: 'Dubai',
      aggregator: 'Talabat',
    });
    expect(metricDimensions(def('lat'))).toEqual(['stat']);
    expect(seriesDimensions(def('lat'), 'all · p95')).toEqual({ stat: 'p95' });
    expect(seriesDimensions(def('off'), "Hauck's Salads")).toEqual({ name: "Hauck's Salads" });
  });

  it('a label that does not split into one part per dimension is kept whole', () => {
    expect(seriesDimensions(def('two'), 'odd')).toEqual({ region: 'odd' });
  });
});
