import { describe, expect, it } from 'vitest';
import { parseWorkbook, type PartitionStats } from '../../engine/index.ts';
import {
  combinedWhere,
  conditionSql,
  conditionsFromHash,
  EMPTY_DRAFT,
  faultCountsOf,
  hashWithConditions,
  lateWindowFor,
  type FaultKind,
  sqlIdent,
} from './event-conditions.ts';

const draft = (d: Partial<typeof EMPTY_DRAFT>) => ({ ...EMPTY_DRAFT, ...d });

describe('event conditions', () => {
  it('a header filter reads the header with header(_headers, name), values as text', () => {
    expect(conditionSql(draft({ name: 'source', value: 'legacy' }))).toBe(
      `header(_headers, 'source') = 'legacy'`,
    );
    expect(conditionSql(draft({ name: 'retry', op: '!=', value: '1' }))).toBe(
      `header(_headers, 'retry') <> '1'`,
    );
    expect(conditionSql(draft({ name: "it's", op: 'exists' }))).toBe(
      `header(_headers, 'it''s') IS NOT NULL`,
    );
  });

  it('a JSON field filter names its column; numbers compare as numbers', () => {
    expect(conditionSql(draft({ kind: 'field', name: 'amount', op: '>', value: '50' }))).toBe(
      'amount > 50',
    );
    expect(conditionSql(draft({ kind: 'field', name: 'step', value: 'pay' }))).toBe(`step = 'pay'`);
    expect(
      conditionSql(draft({ kind: 'field', name: 'Order Id', op: 'contains', value: 'AB' })),
    ).toBe(`contains(lower(CAST("Order Id" AS VARCHAR)), 'ab')`);
    expect(conditionSql(draft({ kind: 'field', name: 'region', op: 'missing' }))).toBe(
      'region IS NULL',
    );
    expect(sqlIdent('a"b')).toBe('"a""b"');
  });

  it('a time range is [from, to) in UTC; either end may be open', () => {
    expect(
      conditionSql(draft({ kind: 'time', from: '2026-03-01T09:00', to: '2026-03-01T09:01:30' })),
    ).toBe(
      `_ts >= epoch_ms(TIMESTAMP '2026-03-01 09:00:00') AND _ts < epoch_ms(TIMESTAMP '2026-03-01 09:01:30')`,
    );
    expect(conditionSql(draft({ kind: 'time', to: '2026-03-01T09:01' }))).toBe(
      `_ts < epoch_ms(TIMESTAMP '2026-03-01 09:01:00')`,
    );
    expect(() => conditionSql(draft({ kind: 'time' }))).toThrow('time range: give a start');
  });

  it('faults are conditions on the fault flags', () => {
    expect(conditionSql(draft({ kind: 'fault', fault: 'out-of-order' }))).toBe('_ooo');
    expect(conditionSql(draft({ kind: 'fault', fault: 'not-json' }))).toBe('_value IS NOT NULL');
    expect(() => conditionSql(draft({ name: ' ' }))).toThrow('header: which header?');
  });

  it('each kind of fault the issue names is one condition, as the engine flags it', () => {
    const sql = (fault: FaultKind) => conditionSql(draft({ kind: 'fault', fault }));
    expect(sql('bad-json')).toBe('_bad_json');
    expect(sql('tombstone')).toBe('_tombstone');
    expect(sql('binary')).toBe('_binary');
    expect(sql('duplicated')).toBe('_duplicated');
    expect(sql('any')).toBe('_ts IS NULL OR _ooo OR _value IS NOT NULL OR _empty OR _duplicated');
  });

  it("late is the engine's test for a window and the workbook's grace, hand-checked", () => {
    // Window start of _ts for 1-minute windows, plus size and grace, reached by stream time.
    expect(conditionSql(draft({ kind: 'fault', fault: 'late', window: '1m' }))).toBe(
      '((_ts - ((_ts % 60000) + 60000) % 60000) + 60000 <= _stream_ts)',
    );
    expect(conditionSql(draft({ kind: 'fault', fault: 'late', window: '5m' }), 30_000)).toBe(
      '((_ts - ((_ts % 300000) + 300000) % 300000) + 330000 <= _stream_ts)',
    );
    expect(() => conditionSql(draft({ kind: 'fault', fault: 'late', window: 'soon' }))).toThrow(
      /^late: window "soon": /,
    );
  });

  it('late is judged by default over the smallest window of the metrics on the topic', () => {
    const wb = parseWorkbook(
      [
        'metrics:',
        '  - { id: a, kind: count, topic: orders, window: 5m }',
        '  - { id: b, kind: count, topic: orders, window: { size: 2m, hop: 1m } }',
        '  - { id: c, kind: count, topic: payments, window: 30s }',
        '  - id: r',
        '    kind: ratio',
        '    topic: refunds',
        '    numerator: { kind: count }',
        '    denominator: { kind: count }',
        '    window: 10m',
      ].join('\n'),
      'w',
    );
    expect(lateWindowFor(wb.metrics, 'orders')).toBe('2m');
    expect(lateWindowFor(wb.metrics, 'refunds')).toBe('10m');
    expect(lateWindowFor(wb.metrics, '')).toBe('30s');
    expect(lateWindowFor(wb.metrics, 'audit-log')).toBe('1m');
  });

  it('conditions AND together, blanks left out', () => {
    expect(combinedWhere([])).toBeNull();
    expect(combinedWhere(['  ', 'a = 1'])).toBe('a = 1');
    expect(combinedWhere(['a = 1', '_ooo OR _empty'])).toBe('(a = 1) AND (_ooo OR _empty)');
  });

  it('the URL keeps them beside its other entries', () => {
    const hash = hashWithConditions('#token=abc', [`step = 'pay'`, '']);
    expect(hash.startsWith('#token=abc&where=')).toBe(true);
    expect(conditionsFromHash(hash)).toEqual([`step = 'pay'`]);
    expect(hashWithConditions(hash, [])).toBe('#token=abc');
    expect(conditionsFromHash('#where=not-json')).toEqual([]);
    expect(conditionsFromHash('')).toEqual([]);
  });
});

describe('faultCountsOf', () => {
  const part = (topic: string, partition: number, n: Partial<PartitionStats>): PartitionStats => ({
    topic,
    partition,
    records: 10,
    firstOffset: '0',
    lastOffset: '9',
    malformed: 0,
    tombstones: 0,
    binary: 0,
    noTimestamp: 0,
    outOfOrder: 0,
    invalidUtf8: 0,
    duplicates: 0,
    outliers: 0,
    ...n,
  });
  const parts = [
    part('a', 0, { malformed: 2, tombstones: 1 }),
    part('a', 1, { binary: 3, outOfOrder: 1 }),
    part('b', 0, { malformed: 5, duplicates: 4 }),
  ];

  it('sums the kinds the summary counts over the topic and partition shown, or all of them', () => {
    const all = { 'bad-json': 7, tombstone: 1, binary: 3, 'out-of-order': 1 };
    expect(faultCountsOf(parts, null)).toEqual(all);
    expect(faultCountsOf(parts, 'a')).toEqual({
      'bad-json': 2,
      tombstone: 1,
      binary: 3,
      'out-of-order': 1,
    });
    expect(faultCountsOf(parts, 'a', 1)).toEqual({
      'bad-json': 0,
      tombstone: 0,
      binary: 3,
      'out-of-order': 1,
    });
    expect(faultCountsOf(parts, 'c')).toEqual({
      'bad-json': 0,
      tombstone: 0,
      binary: 0,
      'out-of-order': 0,
    });
  });
});
