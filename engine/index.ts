/**
 * The engine folder's public face for the app. Browser-safe only: the Node entry
 * (`engine/node.ts`) and the worker entry (`engine/worker.ts`) are imported by path.
 */
export type * from './contract.ts';
export * from './alerts/index.ts';
export { META_COLUMNS } from './ingest/meta-columns.ts';
export * from './workbook/index.ts';
