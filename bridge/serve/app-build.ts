import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the build is made from: the folders whose sources end up in the browser bundle, the
 * demo's snapshot script (`scripts/`) and the build's configuration.
 */
const SOURCE_DIRS = ['app', 'engine', 'scenarios', 'formats', 'bridge', 'workbooks', 'scripts'];
const SOURCE_FILES = ['vite.config.ts', 'package-lock.json'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether the built app in `outDir` is missing or older than any source it is built from.
 * Only meaningful in a source checkout; an installed package ships its build.
 */
export function appBuildIsStale(root: string, outDir: string): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return (
    SOURCE_DIRS.some((d) => existsSync(join(root, d)) && newestMtime(join(root, d)) > built) ||
    SOURCE_FILES.some((f) => existsSync(join(root, f)) && statSync(join(root, f)).mtimeMs > built)
  );
}

/** Builds the app with Vite's API into `outDir`, using the repository's vite.config.ts. */
export async function buildApp(root: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: join(root, 'app'),
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
  });
}
