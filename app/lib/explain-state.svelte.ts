import type { Explanation } from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';
import { explainRequest, type ExplainTarget } from './explain-target.ts';

/** The explanation panel's state: what it explains, the baseline, and the engine's answer. */
export class ExplainState {
  target = $state.raw<ExplainTarget | null>(null);
  baseline = $state<'preceding' | 'same-hour'>('preceding');
  result = $state.raw<Explanation | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  /** how long the engine took (ms), for whoever inspects the page */
  tookMs = $state<number | null>(null);

  #client: EngineClient;
  #time = 0;
  #asked = 0;

  constructor(client: EngineClient) {
    this.#client = client;
  }

  /** Explains `target` as known at replay time `time` (a later call wins over an earlier one). */
  async open(target: ExplainTarget, time: number): Promise<void> {
    this.target = target;
    this.#time = time;
    await this.#run();
  }

  /** Explains the same target against another baseline. */
  async setBaseline(baseline: 'preceding' | 'same-hour'): Promise<void> {
    this.baseline = baseline;
    if (this.target) await this.#run();
  }

  close(): void {
    this.#asked++;
    this.target = null;
    this.result = null;
    this.error = null;
    this.loading = false;
  }

  async #run(): Promise<void> {
    const target = this.target;
    if (!target) return;
    const asked = ++this.#asked;
    this.loading = true;
    this.error = null;
    const started = performance.now();
    try {
      const result = await this.#client.explain(explainRequest(target, this.#time, this.baseline));
      if (asked !== this.#asked) return;
      this.result = result;
      this.tookMs = Math.round(performance.now() - started);
    } catch (error) {
      if (asked !== this.#asked) return;
      this.result = null;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }
}
