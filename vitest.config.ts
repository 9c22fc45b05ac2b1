import { defineConfig } from 'vitest/config';

const ALL = '{formats,scenarios,bridge,engine,app,cli,test}/**/';

/**
 * Four slices, each runnable alone (`npm run test:unit|test:integration|test:kafka|test:tools`):
 * - `unit`: Node only, quick — no broker, no JVM, no kcat or promtool, no whole recordings;
 * - `integration`: `*.integration.test.ts`, Node only: the CLI run as a user runs it, and the
 *   engine over whole generated recordings (the demo, a week), fuzzing and memory bounds;
 * - `kafka`: `*.kafka.test.ts`, against a real Apache Kafka broker (Java, Maven, kcat);
 * - `tools`: `*.tools.test.ts`, Tapedeck's output checked by other tools (promtool).
 * The browser tests are Playwright's (`npm run test:e2e`).
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Files share a worker's module cache (no test mocks modules or stubs globals; each
          // makes its own engine): the slice runs in about half the time.
          isolate: false,
          include: [`${ALL}*.test.ts`],
          exclude: [
            `${ALL}*.integration.test.ts`,
            `${ALL}*.kafka.test.ts`,
            `${ALL}*.tools.test.ts`,
            '**/node_modules/**',
          ],
        },
      },
      { extends: true, test: { name: 'integration', include: [`${ALL}*.integration.test.ts`] } },
      { extends: true, test: { name: 'kafka', include: [`${ALL}*.kafka.test.ts`] } },
      { extends: true, test: { name: 'tools', include: [`${ALL}*.tools.test.ts`] } },
    ],
  },
});
