import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/index.ts';
import { defaultTitle, metricDraftOf, newMetricForm, ruleDraftOf } from './author-forms.ts';

const WB = parseWorkbook(
  `metrics:
  - { id: payments-records, kind: count, topic: payments, window: 1m }
alerts:
  - { id: payments-records-alert, kind: threshold, metric: payments-records, op: '>', value: 1 }
`,
  'w',
);

describe('author forms', () => {
  it('a fresh form counts records per minute; its id comes from the title and skips one taken', () => {
    const r = metricDraftOf(newMetricForm('payments'), WB);
    expect(r).toEqual({
      draft: {
        id: 'payments-records-2',
        title: 'Payments records',
        unit: 'records',
        topic: 'payments',
        fn: 'count',
        field: null,
        q: null,
        filter: '',
        by: [],
        sizeMs: 60_000,
        hopMs: null,
      },
    });
  });

  it('a quantile form names its q, field, filter and group-by in the default title', () => {
    const f = {
      ...newMetricForm('payments'),
      fn: 'quantile' as const,
      field: 'amount',
      q: '0.9',
      filter: "status = 'DECLINED'",
      by: ['method'],
    };
    expect(defaultTitle(f)).toBe("P90 of amount on payments where status = 'DECLINED' by method");
  });

  it('refuses a sum without a field, a q out of range, a bad window and a hop that does not divide it', () => {
    const f = newMetricForm('payments');
    expect(metricDraftOf({ ...f, fn: 'sum' }, WB)).toEqual({ error: 'sum needs a field' });
    expect(metricDraftOf({ ...f, fn: 'quantile', field: 'amount', q: '95' }, WB)).toEqual({
      error: 'quantile q must be between 0 and 1, not "95"',
    });
    expect(metricDraftOf({ ...f, size: '5 minutes' }, WB)).toMatchObject({
      error: expect.stringMatching(/^window: invalid duration "5 minutes"/),
    });
    expect(metricDraftOf({ ...f, size: '5m', hop: '2m' }, WB)).toEqual({
      error: 'window: the hop (2m) must divide the size (5m)',
    });
    expect(metricDraftOf({ ...f, size: '5m', hop: '1m' }, WB)).toMatchObject({
      draft: { sizeMs: 300_000, hopMs: 60_000 },
    });
  });

  it('a rule form needs a known metric and a numeric threshold; for is a duration', () => {
    const f = { metric: 'payments-records', op: '>' as const, value: '3', for: '2m', title: '' };
    expect(ruleDraftOf(f, WB)).toEqual({
      draft: {
        id: 'payments-records-alert-2',
        title: 'payments-records > 3',
        metric: 'payments-records',
        op: '>',
        value: 3,
        forMs: 120_000,
      },
    });
    expect(ruleDraftOf({ ...f, metric: 'x' }, WB)).toEqual({ error: 'no metric "x"' });
    expect(ruleDraftOf({ ...f, value: 'high' }, WB)).toEqual({
      error: 'the threshold must be a number, not "high"',
    });
    expect(ruleDraftOf({ ...f, for: '2 min' }, WB)).toMatchObject({
      error: expect.stringMatching(/^for: invalid duration/),
    });
  });
});
