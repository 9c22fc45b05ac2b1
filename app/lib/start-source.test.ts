import { describe, expect, it } from 'vitest';
import { startSourceFrom } from './start-source.ts';

describe('start source', () => {
  it('opens the live stream when the page has one, else the demo', () => {
    expect(startSourceFrom('#token=abc', true)).toBe('live');
    expect(startSourceFrom('', false)).toBe('demo');
  });

  it('follows #source=none and #source=demo beside the token', () => {
    expect(startSourceFrom('#source=none', false)).toBe('none');
    expect(startSourceFrom('#token=abc&source=demo', true)).toBe('demo');
  });

  it('ignores a source it does not know, and live without a stream', () => {
    expect(startSourceFrom('#source=kafka', true)).toBe('live');
    expect(startSourceFrom('#source=live', false)).toBe('demo');
  });
});
