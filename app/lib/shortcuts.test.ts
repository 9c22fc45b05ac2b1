import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.ts';

describe('shortcutFor', () => {
  it('Space toggles, arrows step one minute, digits choose a speed', () => {
    expect(shortcutFor({ key: ' ' })).toEqual({ kind: 'toggle' });
    expect(shortcutFor({ key: 'ArrowRight' })).toEqual({ kind: 'step', deltaMs: 60_000 });
    expect(shortcutFor({ key: 'ArrowLeft' })).toEqual({ kind: 'step', deltaMs: -60_000 });
    expect(shortcutFor({ key: '3' })).toEqual({ kind: 'speed', speed: 60 });
    expect(shortcutFor({ key: '5' })).toEqual({ kind: 'speed', speed: 'max' });
  });

  it('leaves keys typed into inputs, selects and editable text alone', () => {
    expect(shortcutFor({ key: '3', targetTag: 'INPUT' })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', targetTag: 'select' })).toBeNull();
    expect(shortcutFor({ key: ' ', targetTag: 'DIV', targetEditable: true })).toBeNull();
  });

  it('plays or pauses on Space while a button has the focus, leaves Enter to it, steps on arrows', () => {
    expect(shortcutFor({ key: ' ', targetTag: 'BUTTON' })).toEqual({ kind: 'toggle' });
    expect(shortcutFor({ key: 'Enter', targetTag: 'BUTTON' })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', targetTag: 'BUTTON' })).toEqual({
      kind: 'step',
      deltaMs: 60_000,
    });
  });

  it('ignores chords and unbound keys', () => {
    expect(shortcutFor({ key: '1', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'x' })).toBeNull();
  });
});
