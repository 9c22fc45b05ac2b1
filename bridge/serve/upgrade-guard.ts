import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The parts of a WebSocket upgrade request the guard looks at. */
export interface UpgradeRequest {
  /** request target, e.g. `/live?token=…` */
  url: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

/** Who may connect: the endpoint's path, the run's token and the page origins allowed. */
export interface UpgradePolicy {
  path: string;
  token: string;
  /** exact origins, e.g. `http://127.0.0.1:5170` */
  origins: readonly string[];
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

/**
 * Decides an upgrade before it happens. A page on another origin — any site the user visits, or
 * a DNS-rebinding page that resolves to 127.0.0.1 — sends its own Origin, which is refused
 * (browsers always send Origin on a WebSocket upgrade; no Origin means no browser, also refused).
 * The Host must be one of the allowed origins' hosts, and the per-run token must match: another
 * local user's process knows neither.
 */
export function checkUpgrade(req: UpgradeRequest, policy: UpgradePolicy): UpgradeVerdict {
  let target: URL;
  try {
    target = new URL(req.url ?? '', 'http://upgrade.invalid');
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (target.pathname !== policy.path) return { ok: false, status: 404, reason: 'not found' };
  if (req.origin === undefined || !policy.origins.includes(req.origin)) {
    return {
      ok: false,
      status: 403,
      reason: `origin ${req.origin === undefined ? '(none)' : JSON.stringify(req.origin)} is not allowed`,
    };
  }
  const hosts = policy.origins.map((o) => new URL(o).host);
  if (req.host === undefined || !hosts.includes(req.host.toLowerCase())) {
    return {
      ok: false,
      status: 403,
      reason: `host ${JSON.stringify(req.host ?? '')} is not allowed`,
    };
  }
  const token = target.searchParams.get('token');
  if (token === null || !sameSecret(token, policy.token)) {
    return { ok: false, status: 401, reason: token === null ? 'token missing' : 'token wrong' };
  }
  return { ok: true };
}

/**
 * The origins a page served by the bridge on `host:port` can have: the address itself, and the
 * loopback names a person may type instead when it is a loopback address.
 */
export function localOrigins(host: string, port: number): string[] {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  const origins = new Set([`http://${bracketed}:${port}`]);
  if (['127.0.0.1', 'localhost', '::1'].includes(host)) {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) origins.add(`http://${name}:${port}`);
  }
  return [...origins];
}

/** A fresh per-run token: 32 random bytes, URL-safe base64. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
