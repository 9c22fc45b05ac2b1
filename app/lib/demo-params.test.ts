import { describe, expect, it } from 'vitest';
import { DEMO_FIELDS, parseDemoFields } from './demo-params.ts';

describe('demo fields', () => {
  it('the default fields ask for the scenario defaults (the 24-hour demo, seed 7)', () => {
    expect(DEMO_FIELDS).toEqual({ seed: '7', duration: '24h' });
    expect(parseDemoFields(DEMO_FIELDS)).toEqual({
      ok: true,
      params: {},
      name: 'kitchen demo · seed 7 · 24 h',
    });
  });

  it('passes a changed seed and duration as parameters', () => {
    expect(parseDemoFields({ seed: ' 42 ', duration: '1h30m' })).toEqual({
      ok: true,
      params: { seed: 42, durationMs: 5_400_000 },
      name: 'kitchen demo · seed 42 · 1 h 30 min',
    });
  });

  it('refuses a bad seed, a bad duration and one too long for the browser, naming the input', () => {
    expect(parseDemoFields({ seed: '-1', duration: '6h' })).toEqual({
      ok: false,
      error: 'invalid seed "-1": expected a whole number 0–4294967295',
    });
    expect(parseDemoFields({ seed: '4294967296', duration: '6h' }).ok).toBe(false);
    expect(parseDemoFields({ seed: '7', duration: 'soon' })).toEqual({
      ok: false,
      error:
        'invalid duration "soon": expected a number with a unit, e.g. 500ms, 90s, 30m, 1h30m or 2d (units ms, s, m, h, d, w, y)',
    });
    expect(parseDemoFields({ seed: '7', duration: '4d' })).toEqual({
      ok: false,
      error:
        'invalid duration "4d": at most 72 h in the browser (record longer ones with `tapedeck scenario kitchen --out`)',
    });
  });
});
