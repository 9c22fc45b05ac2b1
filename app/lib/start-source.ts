/** Which source the app opens first, from its URL fragment. Pure. */

/** `none` opens no source and shows the start screen (tests use it to skip the demo). */
export type StartSource = 'demo' | 'live' | 'none';

/**
 * The source named by `#source=demo|live|none` in `hash` (beside the bridge's `token`), else the
 * live stream when the page has one, else the demo. A name the app does not know is ignored,
 * and `live` without a live stream falls back to the demo.
 */
export function startSourceFrom(hash: string, liveAvailable: boolean): StartSource {
  const asked = new URLSearchParams(hash.replace(/^#/, '')).get('source');
  if (asked === 'none' || asked === 'demo') return asked;
  return liveAvailable ? 'live' : 'demo';
}
