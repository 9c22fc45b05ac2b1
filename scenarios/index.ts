export type { KafkaRecord, Incident, LabelsFile } from './record.ts';
export type { KitchenParams, KitchenIncidentKind } from './kitchen/params.ts';
export { KITCHEN_DEFAULTS } from './kitchen/params.ts';
export { generateKitchen, KITCHEN_INCIDENT_KINDS } from './kitchen/generate-kitchen.ts';
export { parseDuration } from './kitchen/duration.ts';
