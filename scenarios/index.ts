export type { KafkaRecord, Incident, LabelsFile } from './record.ts';
export type { KitchenParams, KitchenIncidentKind } from './kitchen/params.ts';
export { KITCHEN_DEFAULTS } from './kitchen/params.ts';
