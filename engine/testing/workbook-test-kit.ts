import type { Engine } from '../engine.ts';
import { T0 } from './test-records.ts';

/** A workbook text holding `metrics` (YAML list items, indented by two spaces) and nothing else. */
export function workbookOf(metrics: string, rest = ''): string {
  return `name: test\nmetrics:\n${metrics}\n${rest}`;
}

/** One metric of a frame, with times in ms after `T0` and values per series label. */
export interface MetricView {
  late: number;
  times: number[];
  values: Record<string, number[]>;
}

/** Metric `id` of the frame at `T0 + at` (fails when the frame lacks it). */
export async function metricAt(engine: Engine, id: string, at: number): Promise<MetricView> {
  const frame = await engine.frame(T0 + at);
  const metric = frame.metrics.find((m) => m.id === id);
  if (!metric)
    throw new Error(`frame has no metric "${id}": ${frame.metrics.map((m) => m.id).join(', ')}`);
  return {
    late: metric.late,
    times: Array.from(metric.series[0]?.times ?? [], (t) => t - T0),
    values: Object.fromEntries(metric.series.map((s) => [s.label, Array.from(s.values)])),
  };
}

/** Loads `text` as the active workbook, failing with its issues when it is rejected. */
export async function useWorkbook(engine: Engine, text: string): Promise<void> {
  const summary = await engine.loadWorkbook(text, 'test.yaml');
  if (!summary.accepted) {
    throw new Error(
      summary.issues.map((i) => `${i.path} (line ${i.line}): ${i.message}`).join('\n'),
    );
  }
}
