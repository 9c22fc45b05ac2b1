/**
 * Tapedeck's layout, checked on every import (`npm run check:layout`, and test/unit/layout.test.ts).
 * Data flows down this list; imports go the other way, each folder only to folders below it:
 *
 *   formats/    record, labels file, durations, recording format, wire protocol (browser-safe)
 *   scenarios/  synthetic streams (browser-safe)
 *   bridge/     Node: Kafka I/O, local broker, server
 *   engine/     DuckDB-WASM engine (browser-safe; engine/node.ts is its Node entry)
 *   app/        Svelte app
 *   cli/        the composition root: the only folder that imports both bridge/ and engine/
 *
 * Another folder is entered only through its public face: `<folder>/index.ts` (plus
 * `engine/node.ts` for Node callers, `engine/worker.ts` as the worker's URL, and
 * `<folder>/testing/index.ts` for tests and benchmarks).
 */
const BELOW = {
  formats: [],
  scenarios: ['formats'],
  bridge: ['formats', 'scenarios'],
  engine: ['formats', 'scenarios'],
  app: ['formats', 'scenarios', 'engine'],
  cli: ['formats', 'scenarios', 'bridge', 'engine'],
};
const FOLDERS = [...Object.keys(BELOW), 'bench', 'test'];

const direction = Object.entries(BELOW).map(([folder, allowed]) => ({
  name: `${folder}-imports-down-only`,
  comment: `${folder}/ may import only ${allowed.length ? allowed.join(', ') : 'no other folder of ours'}`,
  severity: 'error',
  from: { path: `^${folder}/` },
  to: {
    path: `^(${FOLDERS.join('|')})/`,
    pathNot: [`^${folder}/`, ...allowed.map((a) => `^${a}/`)],
  },
}));

module.exports = {
  forbidden: [
    ...direction,
    {
      name: 'only-public-faces',
      comment:
        'another folder is entered through its index.ts (engine/node.ts, engine/worker.ts; testing/index.ts from tests)',
      severity: 'error',
      from: { path: `^(${FOLDERS.join('|')})/` },
      to: {
        path: `^(${FOLDERS.join('|')})/`,
        pathNot: [
          '^$1/',
          `^(${FOLDERS.join('|')})/index\\.ts$`,
          '^engine/node\\.ts$',
          '^engine/worker\\.ts$',
          `^(${FOLDERS.join('|')})/testing/index\\.ts$`,
        ],
      },
    },
    {
      name: 'testing-faces-from-tests-only',
      comment: '<folder>/testing/index.ts is for tests and benchmarks',
      severity: 'error',
      from: { pathNot: ['\\.test\\.ts$', '^test/', '^bench/', '/testing/'] },
      to: { path: '^[^/]+/testing/', pathNot: '^$1/' },
    },
    {
      name: 'browser-code-without-node',
      comment:
        'formats/, scenarios/, engine/ and app/ run in the browser: no Node built-ins (engine/node.ts and tests excepted)',
      severity: 'error',
      from: {
        path: '^(formats|scenarios|engine|app)/',
        pathNot: [
          '^engine/node\\.ts$',
          '\\.test\\.ts$',
          '/testing/',
          '^engine/workbook/generate-kitchen-workbook\\.ts$',
        ],
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'files that import each other in a circle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'] },
  },
};
