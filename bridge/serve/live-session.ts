import type { Kafka } from 'kafkajs';
import type { WebSocket } from 'ws';
import type { KafkaRecord } from '../../formats/index.ts';
import { encodeEnvelope } from '../../formats/index.ts';
import { LiveReader, type LiveReaderEvent, type OffsetGap } from '../kafka-io/live-reader.ts';
import type { TimePoint } from '../kafka-io/time-point.ts';
import {
  encodeBatchFrame,
  parseClientMessage,
  WIRE_PROTOCOL,
  WireMessageError,
  type HelloMessage,
  type PartitionResume,
  type GapMessage,
  type StartMessage,
  type StatusMessage,
  type WireError,
} from '../../formats/index.ts';
import type { LiveLimits } from './live-defaults.ts';
import { describeGap, liveTopics, resolveLiveStarts } from './live-starts.ts';
import type { TopicSelector } from './topic-selector.ts';
import type { LiveStart } from '../kafka-io/live-reader.ts';

/** What a session needs from its endpoint. */
export interface LiveSessionContext {
  kafka: Kafka;
  /** the topics `--topics` selects, or null for every non-internal topic */
  topics: TopicSelector | null;
  /** `--from`, resolved at the session's start (a relative time is relative to then) */
  from: () => TimePoint;
  describeFrom: string;
  limits: LiveLimits;
  /** removes credentials from a message that may echo them */
  redact: (text: string) => string;
}

interface Pending {
  /** UTF-8 bytes of its line in the session's byte buffer, newline included */
  bytes: number;
  topic: string;
  partition: number;
  offset: bigint;
  /** when it was read (ms), for the linger timeout */
  at: number;
}

/**
 * One browser connection: reads its partitions from Kafka (its own throwaway group) into a
 * bounded buffer and sends batches while the client has credit. Without credit the buffer fills
 * to `bufferBatches` batches and the Kafka reader pauses; credit sends a batch, and once at most
 * one batch is left buffered the reader resumes.
 */
export class LiveSession {
  private reader: LiveReader | null = null;
  private readonly buffer: Pending[] = [];
  private head = 0;
  private bufferBytes = 0;
  /**
   * The buffered records' lines as UTF-8, each ending in a newline, in order from `lineStart`:
   * a batch's body is one copy of a range of it (no line strings kept, joined or encoded again).
   */
  private lines: Buffer = Buffer.allocUnsafe(1 << 20);
  private lineStart = 0;
  private lineEnd = 0;
  private credit = 0;
  private seq = 0;
  private sentRecords = 0;
  private error: WireError | null = null;
  private closed = false;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastTopicCheck = 0;
  private checkingTopics = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: LiveSessionContext,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.report({ code: 'bad-message', message: 'binary control message' });
      this.onMessage(String(data));
    });
    socket.on('close', () => void this.close());
    socket.on('error', () => void this.close());
  }

  /** Records read from Kafka and not yet sent. */
  get buffered(): number {
    return this.buffer.length - this.head;
  }

  /** Stops the reader and every timer; the socket is closed by whoever called. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.linger);
    clearInterval(this.ticker);
    await this.reader?.stop();
  }

  private onMessage(text: string): void {
    let message;
    try {
      message = parseClientMessage(text);
    } catch (err) {
      const message = err instanceof WireMessageError ? err.message : String(err);
      return this.report({ code: 'bad-message', message });
    }
    if (message.type === 'credit') {
      this.credit += message.batches;
      this.flush();
    } else if (this.reader) {
      this.report({ code: 'bad-message', message: 'start: the session has already started' });
    } else void this.start(message);
  }

  private async start(message: StartMessage): Promise<void> {
    const admin = this.ctx.kafka.admin();
    let resolved;
    try {
      await admin.connect();
      resolved = await resolveLiveStarts(admin, this.ctx.topics, this.ctx.from(), message.resume);
    } catch (err) {
      this.report({ code: 'kafka-unreachable', message: this.ctx.redact(errorText(err)) });
      // The client reconnects with backoff and asks again.
      this.socket.close(1011, 'kafka unreachable');
      return;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (this.closed) return;
    const hello: HelloMessage = {
      type: 'hello',
      protocol: WIRE_PROTOCOL,
      topics: resolved.topics,
      partitions: resolved.starts.map((s) => ({
        topic: s.topic,
        partition: s.partition,
        next: s.start.toString(),
      })),
      from: this.ctx.describeFrom,
      resumed: resolved.resumed,
    };
    this.socket.send(JSON.stringify(hello));
    for (const gap of resolved.gaps) this.reportGap(gap);
    for (const warning of resolved.warnings) this.report(warning);
    this.reader = new LiveReader(this.ctx.kafka, resolved.starts, {
      accept: (records) => this.accept(records),
      onEvent: (event) => this.onReaderEvent(event),
    });
    this.lastTopicCheck = Date.now();
    this.ticker = setInterval(() => {
      void this.reader?.refreshEnds();
      if (Date.now() - this.lastTopicCheck >= this.ctx.limits.topicRefreshMs) {
        void this.followNewPartitions();
      }
      this.sendStatus();
    }, this.ctx.limits.statusIntervalMs);
    await this.reader.start();
  }

  /**
   * Looks for topics `--topics` selects that were created since the start (and partitions added
   * to the topics followed), and follows them from their first offset: every record in them was
   * written after the stream began. Kafka not answering is left to the next check.
   */
  async followNewPartitions(): Promise<void> {
    const reader = this.reader;
    if (!reader || this.closed || this.checkingTopics) return;
    this.checkingTopics = true;
    this.lastTopicCheck = Date.now();
    const admin = this.ctx.kafka.admin();
    try {
      await admin.connect();
      const known = new Set(reader.positions().map((p) => `${p.partition}\u0000${p.topic}`));
      const topics = await liveTopics(admin, this.ctx.topics);
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const added: LiveStart[] = [];
      for (const t of meta) {
        const fresh = t.partitions.filter((p) => !known.has(`${p.partitionId}\u0000${t.name}`));
        if (fresh.length === 0) continue;
        const lows = new Map(
          (await admin.fetchTopicOffsets(t.name)).map((o) => [o.partition, BigInt(o.low)]),
        );
        for (const p of fresh) {
          const start = lows.get(p.partitionId);
          if (start !== undefined) added.push({ topic: t.name, partition: p.partitionId, start });
        }
      }
      if (added.length > 0 && !this.closed) {
        await reader.addPartitions(added);
        this.sendStatus();
      }
    } catch {
      // Kafka did not answer (or a topic went away between the calls): the next check retries.
    } finally {
      this.checkingTopics = false;
      await admin.disconnect().catch(() => undefined);
    }
  }

  private onReaderEvent(event: LiveReaderEvent): void {
    if (event.type === 'gap') {
      this.reportGap(event);
      return;
    }
    if (event.type === 'error') {
      const unreachable = /connect|ECONNREFUSED|retries exceeded/i.test(event.error.message);
      this.error = {
        code: unreachable ? 'kafka-unreachable' : 'kafka-failed',
        message: this.ctx.redact(event.error.message),
      };
    } else if (event.state === 'streaming' && this.error?.code.startsWith('kafka')) {
      this.error = null;
    }
    this.sendStatus();
  }

  /** Takes what fits in the buffer, each record encoded as its line's bytes at once. */
  private accept(records: KafkaRecord[]): number {
    if (this.closed) return 0;
    const { batchRecords, batchBytes, bufferBatches } = this.ctx.limits;
    const room = batchRecords * bufferBatches - this.buffered;
    const byteRoom = batchBytes * bufferBatches;
    const at = Date.now();
    let taken = 0;
    for (const r of records) {
      if (taken >= room) break;
      const line = encodeEnvelope(r);
      // line.length UTF-16 units take at least as many bytes: the bound holds, near enough.
      if (this.buffered > 0 && this.bufferBytes + line.length > byteRoom) break;
      const bytes = this.writeLine(line);
      this.buffer.push({ bytes, topic: r.topic, partition: r.partition, offset: r.offset, at });
      this.bufferBytes += bytes;
      taken++;
    }
    this.flush();
    return taken;
  }

  /** Appends a line and its newline to the byte buffer; returns the bytes written. */
  private writeLine(line: string): number {
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    const most = line.length * 3 + 1;
    if (this.lineEnd + most > this.lines.length) {
      const used = this.lineEnd - this.lineStart;
      const size = Math.max(this.lines.length, 2 * (used + most));
      const into = size > this.lines.length ? Buffer.allocUnsafe(size) : this.lines;
      this.lines.copy(into, 0, this.lineStart, this.lineEnd);
      this.lines = into;
      this.lineStart = 0;
      this.lineEnd = used;
    }
    const written = this.lines.write(line, this.lineEnd, 'utf8');
    this.lines[this.lineEnd + written] = 0x0a;
    this.lineEnd += written + 1;
    return written + 1;
  }

  /** Sends full batches (or one that has lingered) while there is credit. */
  private flush(): void {
    clearTimeout(this.linger);
    const { batchRecords, batchBytes, lingerMs } = this.ctx.limits;
    while (this.credit > 0 && this.buffered > 0 && !this.closed) {
      const full = this.buffered >= batchRecords || this.bufferBytes >= batchBytes;
      const waited = Date.now() - this.buffer[this.head]!.at;
      if (!full && waited < lingerMs) {
        this.linger = setTimeout(() => this.flush(), lingerMs - waited);
        break;
      }
      this.sendBatch();
    }
    // Deferred: called from `accept`, the reader pauses itself only after `accept` returns.
    queueMicrotask(() => {
      const room = this.buffered <= batchRecords && this.bufferBytes <= batchBytes;
      if (room && !this.closed) this.reader?.resume();
    });
  }

  private sendBatch(): void {
    const { batchRecords, batchBytes } = this.ctx.limits;
    const next = new Map<string, PartitionResume>();
    let records = 0;
    let bytes = 0;
    while (this.head < this.buffer.length && records < batchRecords) {
      const p = this.buffer[this.head]!;
      if (records > 0 && bytes + p.bytes > batchBytes) break;
      this.head++;
      records++;
      bytes += p.bytes;
      const key = `${p.partition}\u0000${p.topic}`;
      next.set(key, { topic: p.topic, partition: p.partition, next: (p.offset + 1n).toString() });
    }
    const body = this.lines.subarray(this.lineStart, this.lineStart + bytes);
    const frame = encodeBatchFrame(this.seq++, { bytes: body, records }, [...next.values()]);
    this.lineStart += bytes;
    this.bufferBytes -= bytes;
    if (this.head === this.buffer.length) {
      this.buffer.length = 0;
      this.head = 0;
      this.lineStart = this.lineEnd = 0;
    } else if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
    this.socket.send(frame, { binary: true });
    this.credit--;
    this.sentRecords += records;
  }

  /** Tells the client which offsets it will never get, then shows it as the latest problem. */
  private reportGap(gap: OffsetGap): void {
    const message = describeGap(gap);
    if (!this.closed && this.socket.readyState === this.socket.OPEN) {
      const out: GapMessage = {
        type: 'gap',
        topic: gap.topic,
        partition: gap.partition,
        from: gap.from.toString(),
        to: gap.to.toString(),
        message,
      };
      this.socket.send(JSON.stringify(out));
    }
    this.report({ code: 'offset-gap', message });
  }

  private report(error: WireError): void {
    this.error = error;
    this.sendStatus();
  }

  private sendStatus(): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(this.status()));
  }

  /** The session's state as the client sees it. */
  status(): StatusMessage {
    const parts = this.reader?.positions() ?? [];
    return {
      type: 'status',
      state: this.reader?.state ?? 'connecting',
      partitions: parts.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        next: p.position.toString(),
        high: p.high === null ? null : p.high.toString(),
        lag: p.high === null ? null : Math.max(0, Number(p.high - p.position)),
      })),
      buffered: { records: this.buffered, bytes: this.bufferBytes },
      credit: this.credit,
      sent: { batches: this.seq, records: this.sentRecords },
      reconnects: this.reader?.reconnects ?? 0,
      error: this.error,
    };
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
