import type { TraceOptions } from '../contract.ts';

/** The trace join's defaults: the kitchen's business key, every traced topic, no stage field. */
export const TRACE_DEFAULTS: Readonly<TraceOptions> = Object.freeze({
  key: 'orderId',
  topics: [],
  stage: null,
  listLimit: 500,
});

/** Options with defaults filled in; throws an Error naming the first invalid option and why. */
export function traceOptions(given: Partial<TraceOptions> = {}): TraceOptions {
  const o: TraceOptions = { ...TRACE_DEFAULTS, ...given, topics: [...(given.topics ?? [])] };
  const fail = (name: string, value: unknown, why: string): never => {
    throw new Error(`invalid trace option ${name}: ${JSON.stringify(value)} (${why})`);
  };
  if (typeof o.key !== 'string' || o.key.trim() === '') {
    fail('key', o.key, 'expected a top-level JSON field name or _key');
  }
  if (o.key.includes('.') || o.key.includes('[')) {
    fail('key', o.key, 'nested JSON paths are not supported: name a top-level field or _key');
  }
  if (o.stage !== null && (typeof o.stage !== 'string' || o.stage.trim() === '')) {
    fail('stage', o.stage, 'expected a top-level JSON field name or null');
  }
  if (new Set(o.topics).size !== o.topics.length) fail('topics', o.topics, 'a topic is repeated');
  if (!Number.isInteger(o.listLimit) || o.listLimit < 0 || o.listLimit > 100_000) {
    fail('listLimit', o.listLimit, 'expected an integer from 0 to 100000');
  }
  return o;
}
