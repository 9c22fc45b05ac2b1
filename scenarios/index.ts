/** The scenarios folder's public face: seeded synthetic streams with labelled incidents (browser-safe). */
export type { KitchenParams, KitchenIncidentKind } from './kitchen/params.ts';
export { KITCHEN_DEFAULTS, NEAR_MISS } from './kitchen/params.ts';
export { generateKitchen, KITCHEN_INCIDENT_KINDS } from './kitchen/generate-kitchen.ts';
export { TOPICS as KITCHEN_TOPICS } from './kitchen/record-sink.ts';
export type { TraceTruth, TruthEvent, TruthBreak } from './kitchen/trace-truth.ts';
export { TRACE_DROP_SERVICES } from './kitchen/params.ts';
