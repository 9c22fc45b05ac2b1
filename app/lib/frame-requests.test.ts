import { describe, expect, it } from 'vitest';
import { createFrameRequester } from './frame-requests.ts';

/** A fetch whose calls stay pending until the test resolves them by hand. */
function manualFetch() {
  const calls: { time: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const fetch = (time: number) =>
    new Promise<string>((resolve, reject) => calls.push({ time, resolve, reject }));
  return { calls, fetch };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createFrameRequester', () => {
  it('has at most one request in flight and then asks for the latest time only', async () => {
    const { calls, fetch } = manualFetch();
    const frames: string[] = [];
    const r = createFrameRequester(
      fetch,
      (f) => frames.push(f),
      () => {},
    );
    r.request(1);
    r.request(2);
    r.request(3);
    expect(calls.map((c) => c.time)).toEqual([1]);
    calls[0]!.resolve('f1');
    await flush();
    expect(frames).toEqual(['f1']);
    expect(calls.map((c) => c.time)).toEqual([1, 3]);
    calls[1]!.resolve('f3');
    await flush();
    expect(frames).toEqual(['f1', 'f3']);
    expect(calls).toHaveLength(2);
  });

  it('passes a failed request to onError and carries on with the next', async () => {
    const { calls, fetch } = manualFetch();
    const errors: unknown[] = [];
    const frames: string[] = [];
    const r = createFrameRequester(
      fetch,
      (f) => frames.push(f),
      (e) => errors.push(e),
    );
    r.request(1);
    r.request(2);
    calls[0]!.reject(new Error('boom'));
    await flush();
    expect((errors[0] as Error).message).toBe('boom');
    calls[1]!.resolve('f2');
    await flush();
    expect(frames).toEqual(['f2']);
  });

  it('delivers nothing after dispose', async () => {
    const { calls, fetch } = manualFetch();
    const frames: string[] = [];
    const r = createFrameRequester(
      fetch,
      (f) => frames.push(f),
      () => {},
    );
    r.request(1);
    r.request(2);
    r.dispose();
    calls[0]!.resolve('f1');
    await flush();
    r.request(3);
    expect(frames).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
