/**
 * Writes the snapshot of the default kitchen demo (`scenarioSnapshot`) to the file named by the
 * first argument. The app's build runs it (vite.config.ts) and ships the file beside the
 * engine's worker, which loads it instead of generating the demo in the page.
 */
import { writeFileSync } from 'node:fs';
import { scenarioSnapshot } from '../engine/node.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: demo-snapshot <out-file>');
  process.exit(2);
}
writeFileSync(out, await scenarioSnapshot({}));
// DuckDB-WASM's Node bindings keep the event loop alive.
process.exit(0);
