/** What the main area shows: the metric charts, the alert lab, the SLIs, the traces, the records or the SQL console. */
export type AnalysisView = 'charts' | 'lab' | 'slis' | 'traces' | 'events' | 'sql';

/** The views in switch order, with their button words. */
export const ANALYSIS_VIEWS: readonly { id: AnalysisView; label: string }[] = [
  { id: 'charts', label: 'Charts' },
  { id: 'lab', label: 'Alert lab' },
  { id: 'slis', label: 'SLIs' },
  { id: 'traces', label: 'Traces' },
  { id: 'events', label: 'Events' },
  { id: 'sql', label: 'SQL' },
];
