/** What tests check of the bench: its JSON figures and the process-tree memory it samples. */
export { benchJson, median, p95, parseFigure } from '../report.ts';
export { descendants, TreeMemorySampler } from '../process-memory.ts';
