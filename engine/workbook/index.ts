/**
 * The workbook: metrics, SLIs, alert rules, incident labels and chart layout in one YAML/JSON
 * document — parsed and validated here, compiled to DuckDB SQL, evaluated by the engine.
 * Browser-safe (no Node imports).
 */
export { WorkbookError, parseWorkbook, parseWorkbookSource } from './parse-workbook.ts';
export type { WorkbookSource } from './parse-workbook.ts';
export { stringifyWorkbook } from './stringify-workbook.ts';
// engine/node.ts offers formatDuration to the CLI's backtest report from here.
export { formatDuration } from '../../formats/index.ts';
export { workbookSchema } from './schema.ts';
export type { CompileEnv } from './compile-metric.ts';
export {
  compileMetric,
  compileSli,
  metricAlert,
  metricStepMs,
  NO_ALERT,
} from './compile-metric.ts';
export { displayOrder, workbookMetricInfo } from './display-order.ts';
export type { AlertInputs, AlertSpan, MetricAlertDef } from './evaluate-alerts.ts';
export {
  anomalyWarmUp,
  evaluateBurnRateRule,
  evaluateMetricRule,
  evaluateRuleOn,
  evaluateWorkbookAlerts,
  ruleGrid,
} from './evaluate-alerts.ts';
export { mergeIncidents } from './merge-incidents.ts';
export { KITCHEN_WORKBOOK } from './kitchen-workbook.ts';
