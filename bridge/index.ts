/**
 * The bridge folder's public face for browser code (engine, app). Browser-safe only: Node-only
 * modules (files, Kafka, the server) are imported by path from Node code, never re-exported here.
 */
export * from './recording/index.ts';
export * from './wire/index.ts';
