import type { Incident, TraceBreakLabel } from '../../formats/index.ts';
import type { KitchenParams } from './params.ts';

/** The first status each service writes for an order: where its dropped context first shows. */
const FIRST_WRITE: Record<string, { from: string; to: string }> = {
  'kitchen-service': { from: 'orders:PLACED', to: 'orders:ACCEPTED' },
  'delivery-service': { from: 'orders:READY', to: 'orders:PICKED_UP' },
  'order-service': { from: 'orders:ACCEPTED', to: 'orders:CANCELLED' },
};

/**
 * Where the kitchen's traces break: always at the rejections processor (a stateful join whose
 * copy of a REJECTED order starts a new trace), and at `traceDrop`'s service when set.
 */
export function kitchenTraceBreaks(params: KitchenParams): TraceBreakLabel[] {
  const end = params.start + params.durationMs;
  const breaks: TraceBreakLabel[] = [
    {
      service: 'rejections-processor',
      kind: 'new-trace',
      from: 'orders:REJECTED',
      to: 'orders-rejected:REJECTED',
      start: params.start,
      end,
      share: 1,
      description: 'the copy of a REJECTED order on orders-rejected carries a new trace id',
    },
  ];
  const d = params.traceDrop;
  if (d) {
    const hop = FIRST_WRITE[d.service] ?? { from: 'orders', to: 'orders' };
    breaks.push({
      service: d.service,
      kind: 'header-missing',
      ...hop,
      start: d.start,
      end: d.end,
      share: d.share,
      description: `${d.service} drops the traceparent header of ${Math.round(d.share * 100)}% of the orders`,
    });
  }
  return breaks;
}

/** The incident label of an injected context drop. */
export function traceDropIncident(d: NonNullable<KitchenParams['traceDrop']>): Incident {
  return {
    id: 'trace-context-drop-1',
    kind: 'trace-context-drop',
    start: d.start,
    end: d.end,
    scope: { service: d.service },
    description: `${d.service} drops the trace context (traceparent) of ${Math.round(d.share * 100)}% of the orders`,
  };
}
