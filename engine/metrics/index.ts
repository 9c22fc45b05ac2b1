/**
 * What every metric shares: the `MetricSpec` contract, the window SQL and the sample grid.
 * The metrics themselves are compiled from a workbook (engine/workbook/); the tests beside
 * this file check the default workbook's metrics against hand-computed cases.
 */
export type {
  ColumnRead,
  MetricContext,
  MetricSlice,
  MetricSpec,
  NumbersRead,
  OpenWindows,
  TableRead,
  TimeSpan,
} from './metric-spec.ts';
export { runningWindows } from './running-windows.ts';
export { metricInfo } from './metric-spec.ts';
export { sampleGrid } from './series-grid.ts';
