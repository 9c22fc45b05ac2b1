import type { KitchenParams } from '../../scenarios/index.ts';
import type { EngineClient } from './engine-client.ts';
import { LiveSession, type LiveTarget } from './live-session.svelte.ts';
import { readLabelsText } from './read-file.ts';
import { chooseRecordingFiles } from './recording-files.ts';
import { ReplaySession } from './session.svelte.ts';
import type { SourceSession } from './source-session.ts';
import type { StartSource } from './start-source.ts';

/**
 * Which source the app shows: the built-in kitchen scenario, a recording opened from disk, or
 * the bridge's live stream. One engine client serves them all; opening a source disposes the
 * previous session (the engine drops its tables on the next load).
 */
export class SourceController {
  session = $state.raw<SourceSession | null>(null);
  /** a choice that could not be opened (wrong files), shown without leaving the current source */
  notice = $state<string | null>(null);
  /** the bridge's live endpoint when the page was served by `tapedeck serve --brokers` */
  readonly liveTarget: LiveTarget | null;
  /** where the page came from, to name the live source */
  readonly host: string;

  #client: EngineClient;

  constructor(client: EngineClient, liveTarget: LiveTarget | null, host: string) {
    this.#client = client;
    this.liveTarget = liveTarget;
    this.host = host;
  }

  /** Opens what the page was opened for (see `startSourceFrom`); `none` opens nothing yet. */
  openStart(start: StartSource): void {
    if (start === 'live') this.openLive();
    else if (start === 'demo') this.openScenario({}, 'kitchen demo');
  }

  /** Generates and opens a kitchen scenario (`{}`: the built-in demo). */
  openScenario(params: Partial<KitchenParams>, name: string): void {
    const client = this.#client;
    const session = this.#replace(new ReplaySession(client, 'demo', name));
    void session.load((onProgress) => client.loadScenario(params, onProgress));
  }

  /**
   * Opens a recording from picked or dropped files: one `.ndjson`/`.ndjson.gz`, optionally
   * with its `.labels.json`. The engine streams the file in chunks as it parses it (never the
   * whole file in memory); nothing is uploaded.
   */
  openRecording(files: readonly File[]): void {
    const choice = chooseRecordingFiles(files);
    if (!choice.ok) {
      this.notice = `Could not open: ${choice.error}`;
      return;
    }
    const { recording, labels } = choice;
    if (choice.kind === 'series') {
      this.#openSeries(recording, labels);
      return;
    }
    const client = this.#client;
    const session = this.#replace(new ReplaySession(client, 'recording', recording.name));
    void session.load(async (onProgress) => {
      const labelsText = labels ? await readLabelsText(labels) : undefined;
      return client.loadRecording(recording, recording.name, labelsText, onProgress);
    });
  }

  /**
   * Opens a series file (`.csv`, `.parquet` of `metric, series, time_ms, value`), with its
   * labels: the charts, the alert lab and the SLIs run on its series alone (`loadSeries`).
   */
  #openSeries(
    file: { name: string; stream(): ReadableStream<Uint8Array> },
    labels: Parameters<typeof readLabelsText>[0] | null,
  ): void {
    const client = this.#client;
    const session = this.#replace(new ReplaySession(client, 'recording', file.name));
    void session.load(async () => {
      const labelsText = labels ? await readLabelsText(labels) : undefined;
      const bytes = new Uint8Array(await new Response(file.stream()).arrayBuffer());
      return client.loadSeries(bytes, file.name, labelsText);
    });
  }

  /** Connects to the bridge's live stream (only when the page was served with `--brokers`). */
  openLive(): void {
    if (!this.liveTarget) {
      this.notice = 'No live stream here: start the bridge with `tapedeck serve --brokers …`';
      return;
    }
    const session = new LiveSession(this.#client, `live · ${this.host}`, this.liveTarget);
    void this.#replace(session).start();
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Disposes the current session (not the client: its owner does that). */
  dispose(): void {
    this.session?.dispose();
    this.session = null;
  }

  #replace<S extends SourceSession>(next: S): S {
    this.session?.dispose();
    this.notice = null;
    this.session = next;
    return next;
  }
}
