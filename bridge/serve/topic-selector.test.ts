import { describe, expect, it } from 'vitest';
import { ALL_TOPICS, parseTopicSelector, selectTopics } from './topic-selector.ts';

const CLUSTER = ['__consumer_offsets', '_schemas', 'orders', 'orders-eu', 'orders-us', 'payments'];

describe('--topics selector', () => {
  it('by default selects every topic not beginning with _, and topics created later', () => {
    expect(selectTopics(ALL_TOPICS, CLUSTER)).toEqual([
      'orders',
      'orders-eu',
      'orders-us',
      'payments',
    ]);
    expect(ALL_TOPICS.open).toBe(true);
  });

  it('plain names are exactly those, in the order given, and closed to later topics', () => {
    const s = parseTopicSelector('payments, orders,payments');
    expect(s.names).toEqual(['payments', 'orders']);
    expect(s.open).toBe(false);
    expect(selectTopics(s, CLUSTER)).toEqual(['payments', 'orders']);
    expect(s.matches('orders-eu')).toBe(false);
  });

  it('globs match whole names, with * and ?, beside plain names', () => {
    const s = parseTopicSelector('orders-*,pay?ents');
    expect(s.open).toBe(true);
    expect(selectTopics(s, CLUSTER)).toEqual(['orders-eu', 'orders-us', 'payments']);
    expect(s.matches('orders')).toBe(false);
    expect(s.matches('xorders-eu')).toBe(false);
    expect(s.matches('orders.eu')).toBe(false);
    // `*` alone still leaves Kafka's internal topics out; `_*` asks for them.
    expect(selectTopics(parseTopicSelector('*'), CLUSTER)).not.toContain('_schemas');
    expect(selectTopics(parseTopicSelector('_*'), CLUSTER)).toEqual([
      '__consumer_offsets',
      '_schemas',
    ]);
  });

  it('/regex/ is one regular expression over the whole name, commas included', () => {
    const s = parseTopicSelector('/orders-(eu|us)|pay.{1,5}/');
    expect(selectTopics(s, CLUSTER)).toEqual(['orders-eu', 'orders-us', 'payments']);
    expect(s.matches('orders-eux')).toBe(false);
    expect(parseTopicSelector('/o.{0,9}/').matches('orders-eu')).toBe(true);
  });

  it('a bad value names the option, the value and the reason', () => {
    expect(() => parseTopicSelector(' , ')).toThrow(
      'invalid --topics: " , " (expected topic names a,b,…, globs orders-*, or /regex/)',
    );
    expect(() => parseTopicSelector('/orders-(/')).toThrow(
      /invalid --topics: "\/orders-\(\/" \(not a regular expression: .*\)/,
    );
  });
});
