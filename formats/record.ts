/**
 * The record every source produces: a faithful copy of one Kafka record.
 *
 * `offset` is an int64 and is kept as a bigint so offsets above 2^53 stay exact.
 * `timestamp` is milliseconds since the epoch, or null when the source had none
 * (kcat omits `ts` for records without a timestamp).
 */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number | null;
  key: string | null;
  /** Ordered `[name, value]` pairs; names may repeat, a value may be null. */
  headers: Array<[string, string | null]>;
  /** UTF-8 text, base64 when `valueEncoding` is `'base64'`, or null for a tombstone. */
  value: string | null;
  valueEncoding?: 'base64';
}

/** A labelled incident: the ground truth a scenario injects, or a label a user draws. */
export interface Incident {
  id: string;
  kind: string;
  /** ms since epoch, inclusive */
  start: number;
  /** ms since epoch, exclusive */
  end: number;
  /** which slice of the business the incident touches, e.g. `{ aggregator: 'Talabat', region: 'Dubai' }` */
  scope: Record<string, string>;
  description: string;
  /**
   * the system event that set the incident off, when one did and the labels know it (the kitchen
   * scenario does): its type, its source (the event's scope, e.g. a service) and time
   */
  cause?: IncidentCause;
}

/** The system event behind an incident (see `Incident.cause`). */
export interface IncidentCause {
  type: string;
  source: string;
  /** ms since epoch */
  time: number;
}

/** The `<name>.labels.json` file that travels beside a recording. */
export interface LabelsFile {
  scenario: string;
  params: Record<string, unknown>;
  incidents: Incident[];
  /** where the scenario's traces break (seed 003); readers of incidents ignore it */
  traceBreaks?: TraceBreakLabel[];
}

/**
 * A trace break a scenario makes: `service` breaks the trace at hop `from → to` (hop ends as
 * `topic:status`) for a `share` of the orders there in `[start, end)`, by dropping the header
 * (`header-missing`) or writing a new trace id (`new-trace`).
 */
export interface TraceBreakLabel {
  service: string;
  kind: 'header-missing' | 'new-trace';
  from: string;
  to: string;
  start: number;
  end: number;
  share: number;
  description: string;
}
