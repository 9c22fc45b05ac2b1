import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue.ts';
import { PullAhead } from './pull-ahead.ts';

describe('PullAhead', () => {
  it('drains a sync iterable without waiting, even with a zero time limit', async () => {
    const pull = new PullAhead([1, 2]);
    expect(await pull.pull(0)).toEqual({ value: 1, done: false });
    expect(await pull.pull(0)).toEqual({ value: 2, done: false });
    expect(await pull.pull(0)).toEqual({ value: undefined, done: true });
  });

  it('times out on a slow source and hands over the same item on the next pull', async () => {
    async function* slow(): AsyncGenerator<string> {
      await new Promise((resolve) => setTimeout(resolve, 100));
      yield 'late';
    }
    const pull = new PullAhead(slow());
    expect(await pull.pull(10)).toBe('timeout');
    expect(await pull.pull(null)).toEqual({ value: 'late', done: false });
    expect(await pull.pull(null)).toEqual({ value: undefined, done: true });
  });

  it('close runs the source’s finally', async () => {
    let closed = false;
    function* source(): Generator<number> {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    const pull = new PullAhead(source());
    await pull.pull(null);
    await pull.close();
    expect(closed).toBe(true);
  });
});

describe('BatchQueue', () => {
  it('hands items over in order and holds the writer while the queue is full', async () => {
    const queue = new BatchQueue<number>(2);
    let pushed = 0;
    const writer = (async () => {
      for (const n of [1, 2, 3]) {
        await queue.push(n);
        pushed = n;
      }
      queue.close();
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // 1 and 2 are queued; the push of 2 waits for room.
    expect(pushed).toBe(1);
    expect(await queue.next()).toBe(1);
    expect(await queue.next()).toBe(2);
    expect(await queue.next()).toBe(3);
    expect(await queue.next()).toBeNull();
    await writer;
  });

  it('after close, queued items still arrive, new ones are refused', async () => {
    const queue = new BatchQueue<string>(8);
    expect(await queue.push('a')).toBe(true);
    queue.close();
    expect(await queue.push('b')).toBe(false);
    expect(await queue.next()).toBe('a');
    expect(await queue.next()).toBeNull();
  });

  it('a failure reaches the reader before queued items', async () => {
    const queue = new BatchQueue<string>(8);
    await queue.push('a');
    queue.fail(new Error('crashed'));
    await expect(queue.next()).rejects.toThrow('crashed');
  });
});
