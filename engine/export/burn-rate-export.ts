import type { Series } from '../contract.ts';
import { evaluateBurnRateAlerts } from '../alerts/burn-rate-alerts.ts';
import { type BurnRatePair } from '../contract.ts';
import { MINUTE_MS, minuteGrid } from '../alerts/sli.ts';
import { type NoDataPolicy } from '../contract.ts';
import type { PromtoolCase } from './prometheus-test.ts';
import { prometheusDuration, prometheusMetricName, prometheusNumber } from './prometheus-names.ts';

/** A multiwindow multi-burn-rate rule on an SLI, to export. */
export interface BurnRateExportRule {
  id: string;
  sliId: string;
  objective: number;
  noData: NoDataPolicy;
  pairs: readonly BurnRatePair[];
  fullWindowsOnly: boolean;
  labels: Readonly<Record<string, string>>;
  summary: string;
  description: string;
}

/** The recording-rule name of an SLI's burn rate over a window: `tapedeck:e2e_probe:burn_rate1h`. */
export function burnRateMetricName(sliId: string, windowMinutes: number): string {
  return `${prometheusMetricName(sliId)}:burn_rate${prometheusDuration(windowMinutes * MINUTE_MS)}`;
}

/**
 * A burn-rate rule and its promtool case from the SLI's replayed minute series. The expr is the
 * SRE workbook's: `(burn(long) > f and burn(short) > f) or …` over every pair, on recording
 * rules `tapedeck:<sli>:burn_rate<window>` (error ratio over the window / (1 − objective));
 * evaluated every minute, no `for`. The inputs are the burn rates Tapedeck computed over each
 * window (absent where a window has no data), and the expected alerts are the union of the
 * pairs' firing intervals (`evaluateBurnRateAlerts(...).combined`), one alert without labels.
 */
export function burnRateCase(
  rule: BurnRateExportRule,
  minutes: Series,
  span: { start?: number; until?: number } = {},
): PromtoolCase {
  const grid = minuteGrid(minutes, span);
  const result = evaluateBurnRateAlerts(grid, {
    objective: rule.objective,
    noData: rule.noData,
    pairs: rule.pairs,
    fullWindowsOnly: rule.fullWindowsOnly,
  });
  const name = (w: number) => burnRateMetricName(rule.sliId, w);
  const expr = rule.pairs
    .map((p) => {
      const f = prometheusNumber(p.factor);
      return `(${name(p.longMinutes)} > ${f} and ${name(p.shortMinutes)} > ${f})`;
    })
    .join(' or ');
  return {
    rule: {
      id: rule.id,
      intervalMs: MINUTE_MS,
      expr,
      forMs: 0,
      keepFiringForMs: 0,
      labels: rule.labels,
      summary: rule.summary,
      description: rule.description,
      reads: result.burnRates.map((b) => name(b.windowMinutes)),
    },
    origin: grid.start,
    inputs: result.burnRates.map((b) => ({
      selector: name(b.windowMinutes),
      values: b.series.values,
    })),
    intervals: result.combined,
    instanceLabels: { [grid.label]: {} },
  };
}
