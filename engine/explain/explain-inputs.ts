import type { ExplainRequest, MetricFrame, SystemEvent, Workbook } from '../contract.ts';

/** What `explainWindow` reads from the engine besides DuckDB. */
export interface ExplainInputs {
  request: ExplainRequest;
  workbook: Workbook;
  /** topic → its field columns (lower case) */
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  /** topic → its DuckDB table where that is not the topic's name */
  tables: ReadonlyMap<string, string>;
  /** the source's first record time */
  start: number;
  /** records delivered by `request.time` */
  delivered: number;
  /** the system events delivered by `request.time` */
  events: readonly SystemEvent[];
  /** every metric's frame at `request.time` (samples as known at their times), with its step */
  frames: readonly { frame: MetricFrame; stepMs: number }[];
  /** hears each SQL statement run (the benchmark runs them again on native DuckDB) */
  onQuery?: (sql: string) => void;
}
