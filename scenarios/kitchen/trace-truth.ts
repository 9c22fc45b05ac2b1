/**
 * The kitchen's trace ground truth (seed 003): every order's records as hop ends with their
 * times, and each break of its trace where the generator made it — a service that dropped the
 * `traceparent` header, or the rejections processor starting a new trace. Tests hold the
 * engine's trace join against it.
 */

/** How the generator wrote a record's trace context. */
export type TraceWrite = 'kept' | 'dropped' | 'new';

/** One record of an order: its hop end (`topic:status`), time and whether it carried the order's trace. */
export interface TruthEvent {
  node: string;
  topic: string;
  t: number;
  write: TraceWrite;
}

/** A break the generator made: at the hop `from → to` of order `orderId`. */
export interface TruthBreak {
  orderId: string;
  from: string;
  to: string;
  kind: 'header-missing' | 'new-trace';
  service: string;
}

/** Collects the ground truth as the simulation emits records (in each order's emission order). */
export class TraceTruth {
  /** each order's records in emission order (time order, the lifecycle's order on ties) */
  readonly orders = new Map<string, TruthEvent[]>();
  readonly breaks: TruthBreak[] = [];

  add(orderId: string, topic: string, node: string, t: number, write: TraceWrite, service: string) {
    let events = this.orders.get(orderId);
    if (!events) this.orders.set(orderId, (events = []));
    const prev = events[events.length - 1];
    if (prev && write === 'dropped' && prev.write !== 'dropped') {
      this.breaks.push({ orderId, from: prev.node, to: node, kind: 'header-missing', service });
    } else if (prev && write === 'new') {
      this.breaks.push({ orderId, from: prev.node, to: node, kind: 'new-trace', service });
    }
    events.push({ node, topic, t, write });
  }
}

/**
 * A service that drops the trace context (a stateful operator that keeps key and value only:
 * KIP-244, KAFKA-7718) for a share of the orders, from `start` to `end`: the records it writes
 * for those orders then carry no `traceparent`.
 */
export interface TraceDrop {
  service: string;
  start: number;
  end: number;
  /** share of orders affected, in [0, 1]: chosen by a hash of the seed and the order id */
  share: number;
}

/** Whether `drop` removes the header of the record `service` writes for `orderId` at `t`. */
export function dropsContext(
  drop: TraceDrop | null | undefined,
  seed: number,
  orderId: string,
  service: string,
  t: number,
): boolean {
  if (!drop || drop.service !== service || t < drop.start || t >= drop.end) return false;
  return unitHash(`${seed}:${orderId}`) < drop.share;
}

/** FNV-1a of `text` mapped to [0, 1): the same order is in or out of the share for every record. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}
