/**
 * What tests check of the bench: its JSON figures, the process-tree memory it samples and the
 * demo's breakdown.
 */
export { benchJson, median, p95, parseFigure } from '../report.ts';
export { descendants, TreeMemorySampler } from '../process-memory.ts';
export { demoBreakdown } from '../browser.ts';
