/**
 * What the main area shows: the metric charts, the alert lab, the SLIs, the traces, the records,
 * the SQL console or the workbook (its YAML, and making metrics and rules).
 */
export type AnalysisView = 'charts' | 'lab' | 'slis' | 'traces' | 'events' | 'sql' | 'workbook';

/** The views in switch order, with their button words. */
export const ANALYSIS_VIEWS: readonly { id: AnalysisView; label: string }[] = [
  { id: 'charts', label: 'Charts' },
  { id: 'lab', label: 'Alert lab' },
  { id: 'slis', label: 'SLIs' },
  { id: 'traces', label: 'Traces' },
  { id: 'events', label: 'Events' },
  { id: 'sql', label: 'SQL' },
  { id: 'workbook', label: 'Workbook' },
];
