import type { RecordPage, RecordQuery } from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';

/**
 * The window of records the browser holds: the rows around the visible ones, fetched one
 * request at a time (a newer request waits for the one in flight, and only the latest runs).
 */
export class EventsBrowser {
  page = $state.raw<RecordPage | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  #client: EngineClient;
  #pending: RecordQuery | null = null;

  constructor(client: EngineClient) {
    this.#client = client;
  }

  request(query: RecordQuery): void {
    this.#pending = query;
    if (!this.busy) void this.#run();
  }

  async #run(): Promise<void> {
    while (this.#pending) {
      const query = this.#pending;
      this.#pending = null;
      this.busy = true;
      try {
        this.page = await this.#client.records(query);
        this.error = null;
      } catch (error) {
        this.error = error instanceof Error ? error.message : String(error);
      } finally {
        this.busy = false;
      }
    }
  }
}
