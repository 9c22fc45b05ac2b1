import { STEP_MS, speedForKey, type Speed } from './replay-time.ts';

/** What a keyboard shortcut asks the clock to do. */
export type ShortcutAction =
  { kind: 'toggle' } | { kind: 'step'; deltaMs: number } | { kind: 'speed'; speed: Speed };

/** The shortcuts, as the help hint lists them. */
export const SHORTCUT_HELP: readonly { keys: string; does: string }[] = [
  { keys: 'Space', does: 'play / pause' },
  { keys: '→', does: 'step 1 min' },
  { keys: '←', does: 'back 1 min' },
  { keys: '1–5', does: '1× 10× 60× 600× max' },
];

/** A keydown as far as shortcuts care: the key, its modifiers, and what has the focus. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** tag name of the event target, e.g. `INPUT` */
  targetTag?: string;
  targetEditable?: boolean;
}

/** Form controls whose own keys (typing, arrows on a slider or a select) win over shortcuts. */
const FORM_CONTROLS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The action bound to a key press, or null. Keys typed into form controls, Enter on a focused
 * button (which presses it) and chords with Ctrl/Meta/Alt are left to the browser. Space plays
 * or pauses wherever the focus is outside a form control, a focused button included (the last
 * button clicked keeps the focus, and Space pressing it again would do nothing visible), as in
 * media players; the caller prevents the button's own press.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const tag = (press.targetTag ?? '').toUpperCase();
  if (press.targetEditable || FORM_CONTROLS.has(tag)) return null;
  const isSpace = press.key === ' ' || press.key === 'Spacebar';
  if (tag === 'BUTTON' && press.key === 'Enter') return null;
  if (isSpace) return { kind: 'toggle' };
  if (press.key === 'ArrowRight') return { kind: 'step', deltaMs: STEP_MS };
  if (press.key === 'ArrowLeft') return { kind: 'step', deltaMs: -STEP_MS };
  const speed = speedForKey(press.key);
  return speed === null ? null : { kind: 'speed', speed };
}
