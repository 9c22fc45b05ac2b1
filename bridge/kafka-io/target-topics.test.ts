import { describe, expect, it } from 'vitest';
import { assertNoWriteIntoReadTopics, checkTopicName, prefixTopic } from './target-topics.ts';

describe('assertNoWriteIntoReadTopics', () => {
  it('allows targets that are all new names', () => {
    expect(() =>
      assertNoWriteIntoReadTopics(['orders', 'payments'], prefixTopic('replay.')),
    ).not.toThrow();
  });

  it('refuses an identity mapping, listing every clash and suggesting --topic-prefix', () => {
    expect(() => assertNoWriteIntoReadTopics(['orders', 'payments'], prefixTopic(''))).toThrow(
      'refusing to write into a topic that is being read (orders → orders, payments → payments): ' +
        'replaying into the source would mix copies into the original stream. ' +
        'Choose a --topic-prefix (default "replay.") that gives every topic a new name',
    );
  });

  it('refuses a target that is another read topic', () => {
    expect(() => assertNoWriteIntoReadTopics(['a', 'x.a'], prefixTopic('x.'))).toThrow('(a → x.a)');
  });

  it('checks only the given sources against all read topics', () => {
    expect(() =>
      assertNoWriteIntoReadTopics(['a', 'x.a'], prefixTopic('x.'), ['x.a']),
    ).not.toThrow();
    expect(() => assertNoWriteIntoReadTopics(['a', 'x.a'], prefixTopic('x.'), ['a'])).toThrow(
      '(a → x.a)',
    );
  });
});

describe('checkTopicName', () => {
  it("accepts Kafka's legal names and rejects others, naming the topic", () => {
    expect(() => checkTopicName('replay.orders_v2-eu')).not.toThrow();
    expect(() => checkTopicName('replay.my orders')).toThrow(
      'invalid target topic "replay.my orders"',
    );
    expect(() => checkTopicName('..')).toThrow('invalid target topic ".."');
    expect(() => checkTopicName('x'.repeat(250))).toThrow('1–249 characters');
  });
});
