import type { EngineClient } from './engine-client.ts';
import type { LoadProgress } from './load-progress.ts';
import {
  loadLabSource,
  type LabSourceData,
  type LabSourceRole,
  type LabSourceSpec,
} from './lab-source-load.ts';

/** One of the alert lab's other sources, as the lab lists it. */
export interface LabSource {
  id: number;
  name: string;
  role: LabSourceRole;
  spec: LabSourceSpec;
  state: 'queued' | 'loading' | 'ready' | 'error';
  progress: LoadProgress | null;
  error: string | null;
  data: LabSourceData | null;
  /** the workbook text `data` was computed under */
  workbookText: string | null;
}

/** The active workbook, as text (a source is computed under it). */
export interface ActiveWorkbook {
  text: string;
  name: string;
}

/**
 * The sources the alert lab sweeps beside the replayed one: other scenario seeds or recordings,
 * each to train on or to hold out. Each is loaded, one at a time, into an engine of its own
 * (`open`: a second worker, disposed once the frame at the source's end is taken), so the
 * replayed source stays loaded and playing. Lives as long as the app, so switching views keeps
 * the list; a source computed under an older workbook is loaded again (`sync`).
 */
export class LabSources {
  items = $state.raw<LabSource[]>([]);

  #open: () => EngineClient;
  #next = 1;
  #queue: Promise<void> = Promise.resolve();
  #workbook: ActiveWorkbook | null = null;
  #disposed = false;

  constructor(open: () => EngineClient) {
    this.#open = open;
  }

  /**
   * Adds a source under the active workbook and starts loading it; returns why not when a
   * source of that name is already listed (its scores would be told apart by name only).
   */
  add(spec: LabSourceSpec, role: LabSourceRole, workbook: ActiveWorkbook): string | null {
    if (this.items.some((s) => s.name === spec.name)) return `${spec.name} is already listed`;
    this.sync(workbook);
    const item: LabSource = {
      id: this.#next++,
      name: spec.name,
      role,
      spec,
      state: 'queued',
      progress: null,
      error: null,
      data: null,
      workbookText: null,
    };
    this.items = [...this.items, item];
    this.#enqueue(item.id);
    return null;
  }

  remove(id: number): void {
    this.items = this.items.filter((s) => s.id !== id);
  }

  setRole(id: number, role: LabSourceRole): void {
    this.#update(id, { role });
  }

  /** Loads again every source computed (or being computed) under another workbook. */
  sync(workbook: ActiveWorkbook): void {
    const changed = this.#workbook?.text !== workbook.text;
    this.#workbook = workbook;
    if (!changed) return;
    for (const s of this.items) {
      if (s.workbookText !== workbook.text && s.state !== 'queued') {
        this.#update(s.id, { state: 'queued', error: null, progress: null });
        this.#enqueue(s.id);
      }
    }
  }

  /** Stops loading: no engine is opened after this. */
  dispose(): void {
    this.#disposed = true;
  }

  #update(id: number, change: Partial<LabSource>): void {
    this.items = this.items.map((s) => (s.id === id ? { ...s, ...change } : s));
  }

  #enqueue(id: number): void {
    this.#queue = this.#queue.then(() => this.#load(id));
  }

  async #load(id: number): Promise<void> {
    const item = this.items.find((s) => s.id === id);
    const workbook = this.#workbook;
    if (!item || !workbook || this.#disposed) return;
    this.#update(id, { state: 'loading', progress: null, error: null });
    const engine = this.#open();
    try {
      const data = await loadLabSource(engine, item.spec, workbook, (progress) =>
        this.#update(id, { progress }),
      );
      // Sync'd to a newer workbook meanwhile: `sync` queued it again, under that one.
      if (this.#workbook?.text !== workbook.text) return;
      this.#update(id, { state: 'ready', data, workbookText: workbook.text, progress: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#update(id, { state: 'error', error: message, data: null, progress: null });
    } finally {
      engine.dispose();
    }
  }
}
