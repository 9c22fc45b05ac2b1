import { describe, expect, it } from 'vitest';
import { incidentMetric, parseWorkbook } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import { explainRequest } from './explain-target.ts';

const WB = parseWorkbook(
  `metrics:
  - { id: a, kind: count, topic: t, window: 1m }
  - { id: b, kind: count, topic: t, window: 1m }
alerts:
  - { id: r1, kind: threshold, metric: b, op: '>', value: 1, catches: spike }
`,
  'wb.yaml',
);
const incident = (kind: string, scope: Record<string, string> = {}): Incident => ({
  id: 'i',
  kind,
  start: 0,
  end: 60_000,
  scope,
  description: '',
});

describe('explain targets', () => {
  it('incidentMetric takes the metric of the rule catching the kind, or of the kind a near-miss resembles', () => {
    expect(incidentMetric(incident('spike'), WB)).toBe('b');
    expect(incidentMetric(incident('near-miss', { resembles: 'spike' }), WB)).toBe('b');
    expect(incidentMetric(incident('other'), WB)).toBe('a');
  });

  it('explainRequest asks for the preceding 4× or the same hour on earlier days', () => {
    const target = { metric: 'b', from: 10, to: 20, origin: 'brush' as const, label: 'x' };
    expect(explainRequest(target, 30, 'preceding').baseline).toEqual({
      kind: 'preceding',
      factor: 4,
    });
    expect(explainRequest(target, 30, 'same-hour')).toEqual({
      metric: 'b',
      from: 10,
      to: 20,
      time: 30,
      baseline: { kind: 'same-hour' },
    });
  });
});
