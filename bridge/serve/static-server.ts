import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface StaticServerOptions {
  /** the built app folder */
  dir: string;
  host: string;
  /** 0 picks a free port */
  port: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the built app, DuckDB-WASM's files included, from one local origin. Nothing is fetched
 * from elsewhere, so the app works with no network at all.
 */
export async function startStaticServer(options: StaticServerOptions): Promise<RunningServer> {
  // `dev` mode looks files up per request instead of listing the folder once at start, so a
  // rebuild under a running server is served at once instead of 404s (or a crash on a missing
  // folder); for one local user the cost is nothing.
  let assets: ReturnType<typeof sirv> | null = null;
  const server = createServer((req, res) => {
    assets ??= existsSync(options.dir)
      ? sirv(options.dir, { etag: true, single: false, dev: true })
      : null;
    if (assets === null) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`the app is not built: ${options.dir} is missing (run npm run build)\n`);
      return;
    }
    // DuckDB-WASM is served as application/wasm so browsers can compile it while streaming.
    if (req.url?.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
    assets(req, res, () => {
      res.statusCode = 404;
      res.end(`not found: ${req.url ?? ''}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host} is already in use (try --port 0)`)
          : err,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
