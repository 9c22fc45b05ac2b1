import { InvalidArgumentError, type Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { appBuildIsStale, buildApp } from '../serve/app-build.ts';
import { startStaticServer } from '../serve/static-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_DIR = join(ROOT, 'dist', 'app');

/** Parses a TCP port option (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`invalid port: ${value} (expected 0–65535)`);
  }
  return port;
}

/** `tapedeck serve`: builds the app if needed and serves it on 127.0.0.1. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the app (the kitchen demo opens by default) on a local address')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 5170)
    .option('--host <host>', 'address to bind; keep the default unless you know why', '127.0.0.1')
    .option('--no-build', 'serve dist/app as it is, without rebuilding stale sources')
    .action(async (opts: { port: number; host: string; build: boolean }) => {
      if (opts.build && appBuildIsStale(ROOT, APP_DIR)) {
        process.stdout.write('Building the app (first run or sources changed)…\n');
        await buildApp(ROOT);
      }
      const running = await startStaticServer({ dir: APP_DIR, host: opts.host, port: opts.port });
      process.stdout.write(`Tapedeck: ${running.url}\n`);
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
