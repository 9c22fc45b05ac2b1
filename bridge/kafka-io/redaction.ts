import { inspect } from 'node:util';

/** What replaces a secret wherever it would be printed. */
export const REDACTED = '[redacted]';

/** Field names whose values are never printed, whatever they hold. */
const SECRET_FIELDS = /^(password|passphrase|key|pfx|secretAccessKey|sessionToken|token)$/i;

/**
 * Replaces every occurrence of each secret in `text` with {@link REDACTED}. Secrets shorter than
 * 4 characters are still replaced: a short password is a secret all the same.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== '') out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * A copy of a value for printing: secret-named fields replaced, every secret string inside other
 * strings replaced (before any JSON escaping could hide it, as a PEM key's newlines would be),
 * Buffers summarised (their bytes might be a key), cycles cut.
 */
export function redactFields(
  value: unknown,
  secrets: readonly string[] = [],
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Error) {
    return { name: value.name, message: redactSecrets(value.message, secrets) };
  }
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactFields(v, secrets, seen));
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = SECRET_FIELDS.test(name) ? REDACTED : redactFields(field, secrets, seen);
  }
  return out;
}

/**
 * Makes `target` print as `shown` through JSON.stringify and util.inspect, so a config object
 * logged by mistake shows no secret. The hooks are non-enumerable: kafkajs copies TLS options
 * with Object.assign into tls.connect, and the copy must not carry them.
 */
export function printAs<T extends object>(target: T, shown: unknown): T {
  Object.defineProperty(target, 'toJSON', { value: () => shown, enumerable: false });
  Object.defineProperty(target, inspect.custom, {
    value: (_depth: number, options: object) => inspect(shown, options),
    enumerable: false,
  });
  return target;
}
