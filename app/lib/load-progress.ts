/** How the loading screen words and measures the engine's progress reports. */

/** A progress report: `done` of `total` units of `phase`. */
export interface LoadProgress {
  phase: string;
  done: number;
  total: number;
}

/**
 * The load phases in order, with their share of the bar and their wording: a scenario is
 * generated then ingested; a recording's file is streamed, parsed and ingested in one pass
 * (`read`, counted in the file's bytes); both end by indexing.
 */
const PHASES: Record<string, { from: number; to: number; label: string }> = {
  generate: { from: 0, to: 0.3, label: 'Generating the scenario' },
  read: { from: 0, to: 0.95, label: 'Reading and parsing records into DuckDB' },
  ingest: { from: 0.3, to: 0.95, label: 'Loading records into DuckDB' },
  index: { from: 0.95, to: 1, label: 'Indexing' },
};

/** The words for a phase; phases the app does not know are shown as they come. */
export function phaseLabel(phase: string): string {
  return PHASES[phase]?.label ?? phase;
}

/**
 * How far the whole load is, 0–1, so the bar only moves forward across phases: a known
 * phase fills its own share of the bar; an unknown one fills the whole bar by itself.
 */
export function overallFraction(p: LoadProgress): number {
  const within = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  const share = PHASES[p.phase];
  return share ? share.from + within * (share.to - share.from) : within;
}
