import type {
  TraceDetail,
  TraceListFilter,
  TraceOptions,
  TraceReport,
} from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';

/**
 * The Traces tab's state: the join's options and list filter, the report as of the frame's
 * replay time, and up to two traces opened side by side. One engine call at a time: a request
 * made while one runs replaces any waiting one, so playing fast never queues stale work.
 */
export class TracesState {
  options = $state<Pick<TraceOptions, 'key' | 'stage'>>({ key: 'orderId', stage: null });
  filter = $state<TraceListFilter>({});
  report = $state.raw<TraceReport | null>(null);
  /** the list filter the report was computed with */
  reportFilter = $state.raw<TraceListFilter>({});
  error = $state<string | null>(null);
  /** the traces shown in the waterfall: the first, and the one compared with it */
  opened = $state.raw<(TraceDetail | null)[]>([null, null]);
  busy = $state(false);
  #client: EngineClient;
  #waiting: number | null = null;
  #time = 0;

  constructor(client: EngineClient) {
    this.#client = client;
  }

  /** Recomputes the report as of `time` (and the opened traces). */
  refresh(time: number): void {
    this.#time = time;
    if (this.busy) {
      this.#waiting = time;
      return;
    }
    void this.#run(time);
  }

  async #run(time: number): Promise<void> {
    this.busy = true;
    try {
      const options = { ...$state.snapshot(this.options), listLimit: 200 };
      const filter = $state.snapshot(this.filter);
      this.report = await this.#client.traces(time, options, filter);
      this.reportFilter = filter;
      this.opened = await Promise.all(
        this.opened.map((t) => (t ? this.#detail(t.key, time) : Promise.resolve(null))),
      );
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
      const next = this.#waiting;
      this.#waiting = null;
      if (next !== null) void this.#run(next);
    }
  }

  #detail(key: string, time: number): Promise<TraceDetail | null> {
    return this.#client.trace(key, time, { ...$state.snapshot(this.options) }).catch(() => null);
  }

  /** Opens `key` in slot 0, or beside the first (slot 1) to compare. */
  async open(key: string, compare: boolean): Promise<void> {
    const detail = await this.#detail(key, this.#time);
    this.opened = compare ? [this.opened[0] ?? detail, detail] : [detail, this.opened[1] ?? null];
  }

  close(slot: number): void {
    this.opened = this.opened.map((t, i) => (i === slot ? null : t));
  }
}
