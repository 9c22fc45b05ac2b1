import type { Explanation, ProgressFn, RankedEvent } from '../../engine/index.ts';
import { explanationMarkdown, incidentMetric } from '../../engine/index.ts';
import { openHeadlessReplay } from '../alerts-as-code/headless-replay.ts';
import { parseReplayTime, readReplayInputs } from '../alerts-as-code/replay-inputs.ts';

/** What `tapedeck explain` is asked. */
export interface ExplainOptions {
  recording: string;
  labels?: string;
  workbook?: string;
  incident?: string;
  from?: string;
  to?: string;
  metric?: string;
  baseline?: 'preceding' | 'same-hour';
  at?: string;
  onProgress?: ProgressFn;
}

/** An event as the JSON document lists it: `scope` is the workbook's `source` field. */
export type ExplainedEvent = RankedEvent & { scope: string | null };

/** The `tapedeck-explain/1` document: the engine's explanation, its lists ranked best first. */
export interface ExplainDocument extends Omit<Explanation, 'events'> {
  format: 'tapedeck-explain/1';
  recording: string;
  incident: string | null;
  events: ExplainedEvent[];
}

/**
 * Replays a recording headless and explains one window (see `Engine.explain`). Throws, naming
 * the option, when the window is not given one way or the other, or the incident is unknown.
 */
export async function runExplain(
  options: ExplainOptions,
): Promise<{ document: ExplainDocument; markdown: string }> {
  const byIncident = options.incident !== undefined;
  const byWindow = options.from !== undefined || options.to !== undefined;
  if (byIncident === byWindow) {
    throw new Error('give --incident ID, or --from T --to T --metric M (not both)');
  }
  if (byWindow && (options.from === undefined || options.to === undefined || !options.metric)) {
    throw new Error('--from, --to and --metric go together');
  }
  const inputs = await readReplayInputs(options);
  const replay = await openHeadlessReplay(inputs, {
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    let metric = options.metric ?? null;
    let from: number;
    let to: number;
    if (byIncident) {
      const incident = replay.workbook.incidents.find((i) => i.id === options.incident);
      if (!incident) {
        const ids = replay.workbook.incidents.map((i) => i.id).join(', ') || 'none';
        throw new Error(`no incident "${options.incident}" in the labels (incidents: ${ids})`);
      }
      metric ??= incidentMetric(incident, replay.workbook.workbook);
      if (metric === null) throw new Error('the workbook has no metric to explain');
      from = incident.start;
      to = incident.end;
    } else {
      from = parseReplayTime(options.from!, replay.source.start);
      to = parseReplayTime(options.to!, replay.source.start);
    }
    const explanation = await replay.engine.explain({
      metric: metric!,
      from,
      to,
      time: replay.time,
      baseline:
        options.baseline === 'same-hour' ? { kind: 'same-hour' } : { kind: 'preceding', factor: 4 },
    });
    const document: ExplainDocument = {
      format: 'tapedeck-explain/1',
      recording: inputs.recordingPath,
      incident: options.incident ?? null,
      ...explanation,
      events: explanation.events.map((e) => ({ ...e, scope: e.source })),
    };
    return { document, markdown: explanationMarkdown(explanation) };
  } finally {
    replay.close();
  }
}
