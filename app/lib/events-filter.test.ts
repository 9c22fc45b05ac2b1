import { describe, expect, it } from 'vitest';
import type { RecordRow } from '../../engine/index.ts';
import {
  NO_FILTERS,
  recordQuery,
  savedFilterOf,
  shownValue,
  traceKeyOf,
  utcInput,
  WINDOW_ROWS,
  withSavedFilter,
} from './events-filter.ts';

const row = (value: string | null, valueIsJson: boolean): RecordRow => ({
  headers: [],
  seq: 0,
  topic: 'orders',
  partition: 0,
  offset: '1',
  time: 0,
  key: 'k',
  traceparent: null,
  traceId: null,
  value,
  valueIsJson,
  faults: [],
});

describe('events browser filters', () => {
  it('no filter asks for the records delivered by the replay time', () => {
    expect(recordQuery(NO_FILTERS, 1000, 40)).toEqual({
      time: 1000,
      topic: null,
      partition: null,
      key: null,
      text: null,
      from: null,
      to: null,
      faultsOnly: false,
      where: null,
      offset: 40,
      limit: WINDOW_ROWS,
    });
  });

  it('"all" drops the replay time; fields become typed filters', () => {
    const q = recordQuery(
      {
        ...NO_FILTERS,
        all: true,
        topic: 'orders',
        partition: '2',
        text: '  Dubai ',
        from: '2026-01-01T00:00:05',
        where: [`step = 'pay'`, ' ', '_ooo'],
      },
      1000,
      0,
    );
    expect(q).toMatchObject({
      time: null,
      topic: 'orders',
      partition: 2,
      text: 'Dubai',
      from: Date.UTC(2026, 0, 1, 0, 0, 5),
      where: `(step = 'pay') AND (_ooo)`,
    });
  });

  it('reads datetime-local text as UTC, with or without seconds', () => {
    expect(utcInput('2026-01-01T00:01')).toBe(Date.UTC(2026, 0, 1, 0, 1));
    expect(utcInput('')).toBeNull();
    expect(utcInput('nonsense')).toBeNull();
  });

  it('shows JSON indented, raw text as is, a tombstone in words', () => {
    expect(shownValue(row('{"a":1}', true), false)).toBe('{\n  "a": 1\n}');
    expect(shownValue(row('{"a":1}', true), true)).toBe('{"a":1}');
    expect(shownValue(row('{not json', false), false)).toBe('{not json');
    expect(shownValue(row(null, false), false)).toBe('(null: a tombstone)');
  });

  it("a record's trace key is its JSON value's field, when it has one", () => {
    expect(traceKeyOf(row('{"orderId":"o-7"}', true), 'orderId')).toBe('o-7');
    expect(traceKeyOf(row('{"id":3}', true), 'orderId')).toBeNull();
    expect(traceKeyOf(row('[1]', true), 'orderId')).toBeNull();
  });
});

describe('saved filters', () => {
  it('keep the topic, text and non-blank conditions, and pick them back into the form', () => {
    const form = {
      ...NO_FILTERS,
      topic: 'checkout',
      text: ' pay ',
      key: 'cart-1',
      partition: '2',
      all: true,
      where: ['_ooo', '  ', "header(_headers, 'source') = 'pos'"],
    };
    const saved = savedFilterOf(form, ' odd pos ');
    expect(saved).toEqual({
      name: 'odd pos',
      topic: 'checkout',
      text: 'pay',
      where: ['_ooo', "header(_headers, 'source') = 'pos'"],
    });
    expect(
      withSavedFilter({ ...NO_FILTERS, all: true, key: 'x', from: '2026-01-01T00:00' }, saved),
    ).toEqual({
      ...NO_FILTERS,
      all: true,
      topic: 'checkout',
      text: 'pay',
      where: ['_ooo', "header(_headers, 'source') = 'pos'"],
    });
    expect(savedFilterOf(NO_FILTERS, 'none')).toEqual({
      name: 'none',
      topic: null,
      text: null,
      where: [],
    });
  });
});
