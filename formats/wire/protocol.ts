/**
 * The live wire protocol between the bridge and the browser, over one WebSocket at
 * {@link LIVE_PATH}. Browser-safe: no Node modules.
 *
 * - Binary messages, server → client: one batch of records each (see `batch-frame.ts`).
 * - Text messages: small JSON control messages, typed below.
 *
 * A session: the client connects (`/live?token=…`), sends `start` (with `resume` positions after
 * a reconnect), then `credit`; the server answers `hello`, then sends a batch per unit of credit
 * and a `status` every second and whenever its state changes, and a `gap` whenever offsets of a
 * partition are skipped because Kafka no longer has them.
 */

/** Version of this protocol; `hello` carries it and the client refuses another. */
export const WIRE_PROTOCOL = 1;

/** The WebSocket endpoint's path on the bridge's origin. */
export const LIVE_PATH = '/live';

/** Most batches one `credit` message may grant (a guard against a runaway client). */
export const MAX_CREDIT = 1000;

/** An error as data: a stable code and a message naming the input and the reason. */
export interface WireError {
  code: WireErrorCode;
  message: string;
}

export type WireErrorCode =
  /** the bridge cannot reach Kafka (it keeps trying) */
  | 'kafka-unreachable'
  /** the Kafka consumer failed; the bridge restarts it */
  | 'kafka-failed'
  /** offsets were no longer in the log (retention deleted them): records were skipped (see `gap`) */
  | 'offset-gap'
  /** a control message the other side did not understand */
  | 'bad-message'
  /** the other side speaks another protocol version */
  | 'protocol-mismatch';

/** Where a client stands in one partition: the next offset it wants (decimal int64). */
export interface PartitionResume {
  topic: string;
  partition: number;
  next: string;
}

/** Client → server, first message: start streaming, from `resume` where given. */
export interface StartMessage {
  type: 'start';
  /** after a reconnect: the next offset of every partition the client knows */
  resume?: PartitionResume[];
}

/** Client → server: the client can take `batches` more batches. */
export interface CreditMessage {
  type: 'credit';
  batches: number;
}

export type ClientMessage = StartMessage | CreditMessage;

/** Server → client, once per connection, after `start`. */
export interface HelloMessage {
  type: 'hello';
  protocol: number;
  topics: string[];
  /** every partition streamed and the offset its stream starts at */
  partitions: PartitionResume[];
  /** the `--from` point, as a person would write it */
  from: string;
  /** partitions that continue from the client's `resume` positions */
  resumed: number;
}

/** The bridge's reader state: `paused` means waiting for credit (the consumer is paused). */
export type LiveState = 'connecting' | 'streaming' | 'paused' | 'reconnecting' | 'stopped';

/** One partition in a status: `next` is the next offset the bridge reads from Kafka. */
export interface PartitionStatus {
  topic: string;
  partition: number;
  next: string;
  /** the partition's end offset when last seen, or null */
  high: string | null;
  /** records in Kafka not yet read by the bridge (`high - next`), or null */
  lag: number | null;
}

/** Server → client: where the stream stands. */
export interface StatusMessage {
  type: 'status';
  state: LiveState;
  partitions: PartitionStatus[];
  /** records and bytes read from Kafka and waiting for credit (bounded) */
  buffered: { records: number; bytes: number };
  /** batches the client may still be sent */
  credit: number;
  sent: { batches: number; records: number };
  /** times the Kafka consumer had to reconnect */
  reconnects: number;
  /** the latest problem, or null once streaming again */
  error: WireError | null;
}

/**
 * Server → client: offsets of one partition the stream skips because Kafka deleted them
 * (retention, or a delete-records call) before the bridge read them: `from` up to, not including,
 * `to`, where the stream continues. Sent when the bridge's consumer finds its position gone (an
 * offset reset, also after a reconnect) and when a client's resume position is gone.
 */
export interface GapMessage {
  type: 'gap';
  topic: string;
  partition: number;
  /** the first offset lost (decimal int64) */
  from: string;
  /** the offset the stream continues at (decimal int64) */
  to: string;
  /** the same, for people */
  message: string;
}

export type ServerMessage = HelloMessage | StatusMessage | GapMessage;

/** A control message that is not valid; `message` says which field and why. */
export class WireMessageError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-message' | 'protocol-mismatch' = 'bad-message',
  ) {
    super(message);
    this.name = 'WireMessageError';
  }
}

/** Parses a client → server text message; throws {@link WireMessageError} naming the problem. */
export function parseClientMessage(text: string): ClientMessage {
  const o = parseObject(text);
  if (o.type === 'credit') {
    const batches = o.batches;
    if (typeof batches !== 'number' || !Number.isInteger(batches) || batches < 1) {
      throw new WireMessageError(
        `invalid credit.batches: ${JSON.stringify(batches)} (expected a positive integer)`,
      );
    }
    if (batches > MAX_CREDIT) {
      throw new WireMessageError(`invalid credit.batches: ${batches} (at most ${MAX_CREDIT})`);
    }
    return { type: 'credit', batches };
  }
  if (o.type === 'start') {
    if (o.resume === undefined) return { type: 'start' };
    if (!Array.isArray(o.resume)) {
      throw new WireMessageError('invalid start.resume: expected an array of positions');
    }
    return { type: 'start', resume: o.resume.map((p, i) => parseResume(p, `start.resume[${i}]`)) };
  }
  throw new WireMessageError(`invalid message type: ${JSON.stringify(o.type)}`);
}

/**
 * Parses a server → client text message. Only the type and the fields a client relies on are
 * checked; the rest is the bridge's own output.
 */
export function parseServerMessage(text: string): ServerMessage {
  const o = parseObject(text);
  if (o.type === 'hello') {
    if (o.protocol !== WIRE_PROTOCOL) {
      throw new WireMessageError(
        `invalid hello.protocol: ${JSON.stringify(o.protocol)} (this client speaks ${WIRE_PROTOCOL})`,
        'protocol-mismatch',
      );
    }
    if (!Array.isArray(o.partitions)) {
      throw new WireMessageError('invalid hello.partitions: expected an array');
    }
    o.partitions.forEach((p, i) => parseResume(p, `hello.partitions[${i}]`));
    return o as unknown as HelloMessage;
  }
  if (o.type === 'status') {
    if (typeof o.state !== 'string' || !Array.isArray(o.partitions)) {
      throw new WireMessageError('invalid status: expected state and partitions');
    }
    return o as unknown as StatusMessage;
  }
  if (o.type === 'gap') {
    for (const field of ['from', 'to'] as const) {
      if (typeof o[field] !== 'string' || !/^\d{1,19}$/.test(o[field])) {
        throw new WireMessageError(
          `invalid gap.${field}: ${JSON.stringify(o[field])} (expected decimal offset digits)`,
        );
      }
    }
    const { from, to } = o as { from: string; to: string };
    parseResume({ topic: o.topic, partition: o.partition, next: from }, 'gap');
    if (BigInt(from) >= BigInt(to)) {
      throw new WireMessageError(`invalid gap: from ${from} is not before to ${to}`);
    }
    return o as unknown as GapMessage;
  }
  throw new WireMessageError(`invalid message type: ${JSON.stringify(o.type)}`);
}

function parseObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireMessageError(`invalid message: not JSON: ${text.slice(0, 80)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WireMessageError('invalid message: expected a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function parseResume(raw: unknown, where: string): PartitionResume {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof o.topic !== 'string' || o.topic === '') {
    throw new WireMessageError(`invalid ${where}.topic: expected a non-empty string`);
  }
  if (typeof o.partition !== 'number' || !Number.isInteger(o.partition) || o.partition < 0) {
    throw new WireMessageError(`invalid ${where}.partition: expected a non-negative integer`);
  }
  if (typeof o.next !== 'string' || !/^\d{1,19}$/.test(o.next)) {
    throw new WireMessageError(
      `invalid ${where}.next: ${JSON.stringify(o.next)} (expected decimal offset digits)`,
    );
  }
  return { topic: o.topic, partition: o.partition, next: o.next };
}
