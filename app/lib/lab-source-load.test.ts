import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/index.ts';
import { labSourceWorkbook } from './lab-source-load.ts';

const WORKBOOK = `name: mine
metrics:
  - id: rejected
    title: Rejected orders
    unit: orders
    kind: count
    topic: orders-rejected
    window: 1m
alerts:
  - id: rejected-high
    title: Rejected above 2
    kind: threshold
    metric: rejected
    op: '>'
    value: 2
    catches: rejection-spike
incidents:
  - { id: spike, kind: rejection-spike, start: '2026-01-05T11:30:00Z', end: '2026-01-05T12:00:00Z' }
`;

describe('labSourceWorkbook', () => {
  const wb = parseWorkbook(WORKBOOK, 'mine.yaml');

  it("keeps the workbook's metrics, without its labels or alerts", () => {
    const other = labSourceWorkbook(wb);
    expect(other.name).toBe('mine');
    const back = parseWorkbook(other.text, 'other');
    expect(back.metrics).toEqual(wb.metrics);
    expect(back.incidents).toEqual([]);
    expect(back.alerts).toEqual([]);
  });

  it('is the same text for workbooks that differ only in labels or alerts', () => {
    const tuned = {
      ...wb,
      alerts: wb.alerts.map((a) => ({ ...a, title: 'tuned' })),
      incidents: [],
    };
    expect(labSourceWorkbook(tuned).text).toBe(labSourceWorkbook(wb).text);
    const renamed = { ...wb, metrics: wb.metrics.map((m) => ({ ...m, title: 'Other' })) };
    expect(labSourceWorkbook(renamed).text).not.toBe(labSourceWorkbook(wb).text);
  });
});
