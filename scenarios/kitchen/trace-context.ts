import { flatten } from './flat-string.ts';
import type { Rng } from './prng.ts';

/** A new W3C trace id: 32 lowercase hex digits (never all zeros in practice: 128 random bits). */
export function newTraceId(rng: Rng): string {
  return rng.hex(4);
}

/**
 * A W3C `traceparent` header value as OpenTelemetry's Kafka instrumentation writes it on produce:
 * version 00, the trace id, a new span id for the producer span, flags 01 (sampled).
 */
export function traceparent(rng: Rng, traceId: string): string {
  return flatten(`00-${traceId}-${rng.hex(2)}-01`);
}
