import type { Frame, SourceSummary, WorkbookSummary } from '../../engine/index.ts';
import type { LiveGap } from './live-gaps.ts';
import type { LiveConnectionView } from './live-connection.ts';
import type { LoadProgress } from './load-progress.ts';
import type { TimeRange } from './replay-time.ts';
import type { TransportClock } from './transport-clock.ts';

/** Where the replayed records come from. */
export type SourceKind = 'demo' | 'recording' | 'live';

/**
 * What the app as a whole is doing, as tests read it from `data-status`: `loading` until the
 * source is in, `empty` when it holds no record, then the clock's status (`live` while following
 * a live stream); `error` once anything failed.
 */
export type SessionStatus =
  'loading' | 'error' | 'empty' | 'ready' | 'playing' | 'paused' | 'ended' | 'live';

/** The live connection's side of a session, for the source panel. */
export interface LiveInfo {
  connection: LiveConnectionView;
  /** topics the bridge streams (its hello's, then any created since), or empty before it */
  topics: readonly string[];
  /** the bridge's `--from` */
  from: string | null;
  /** batches received */
  batches: number;
  /** records in Kafka not yet in the browser, or null while unknown */
  backlog: number | null;
  /** per `topic\u0000partition`: Kafka's end offset when last seen */
  highs: ReadonlyMap<string, string | null>;
  /** offsets Kafka deleted before the bridge read them, merged per partition */
  gaps: readonly LiveGap[];
  /** how far (ms) the newest record's timestamp is ahead of this computer's clock, or null */
  future?: number | null;
}

/**
 * One opened source — a scenario, a recording or a live stream — with its clock and the latest
 * frame. The app renders whichever session is current; `dispose()` stops its clock, its frame
 * requests and (live) its connection, but not the shared engine client.
 */
export interface SourceSession {
  readonly kind: SourceKind;
  /** what the person opened: the file name, the scenario, the bridge's address */
  readonly name: string;
  readonly summary: SourceSummary | null;
  readonly clock: TransportClock | null;
  readonly frame: Frame | null;
  readonly progress: LoadProgress | null;
  readonly error: string | null;
  readonly status: SessionStatus;
  /**
   * Whether the engine has computed the whole source (`EngineApi.prepare`), so that a seek
   * anywhere is a slice of that work; never for a live source, whose tail keeps growing.
   */
  readonly prepared: boolean;
  /** the replay window the timeline and the charts span */
  readonly range: TimeRange | null;
  /** live sessions only */
  readonly live: LiveInfo | null;
  fail(error: unknown): void;
  /**
   * Shows the workbook the engine has just made active: its metrics and incidents replace the
   * old ones and the frame at the current time is asked for again (the engine recompiled it).
   */
  applyWorkbook(result: WorkbookSummary): void;
  dispose(): void;
}

/** The key of a partition in maps: partition number and topic. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
