import { createServer } from 'node:net';
import { KafkaBrokerError } from './errors.ts';

/**
 * A TCP port on `host` that nothing listens on right now (the OS picks it), other than those
 * in `avoid`: ports picked a moment ago but not yet bound (the OS may hand one out again).
 */
export async function freePort(host: string, avoid: readonly number[] = []): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await anyFreePort(host);
    if (!avoid.includes(port) || attempt >= 20) return port;
  }
}

function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with PORT_IN_USE when something already listens on `host:port`. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? 'is already in use (another Kafka broker or service is listening there; pick another --port)'
          : `cannot be bound (${error.code ?? error.message})`;
      reject(
        new KafkaBrokerError('PORT_IN_USE', `port ${port} on ${host} ${reason}`, { cause: error }),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
