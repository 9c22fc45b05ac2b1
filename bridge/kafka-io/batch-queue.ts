/**
 * A bounded hand-off between a push-style producer (kafkajs's eachBatch) and a pull-style reader
 * (an async generator): `push` waits while `limit` items are queued, so a slow reader slows the
 * consumer instead of filling memory.
 */
export class BatchQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;
  private wakeReader: (() => void) | null = null;
  private wakeWriters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /**
   * Queues an item and resolves once there is room again: true if the item was queued (the reader
   * will get it), false if the queue was already closed and the item dropped.
   */
  async push(item: T): Promise<boolean> {
    if (this.closed) return false;
    this.items.push(item);
    this.wake();
    while (!this.closed && this.items.length >= this.limit) {
      await new Promise<void>((resolve) => this.wakeWriters.push(resolve));
    }
    return true;
  }

  /** True once closed (or failed). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The next item, or null once the queue is closed and drained; throws the failure if failed. */
  async next(): Promise<T | null> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      const item = this.items.shift();
      if (item !== undefined) {
        const writers = this.wakeWriters;
        this.wakeWriters = [];
        for (const w of writers) w();
        return item;
      }
      if (this.closed) return null;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  /** No more items: the reader drains what is queued, then gets null; waiting writers return. */
  close(): void {
    this.closed = true;
    this.wake();
    for (const w of this.wakeWriters.splice(0)) w();
  }

  /** Fails the reader at its next call, before any queued item. */
  fail(error: unknown): void {
    if (this.failure === null) this.failure = { error };
    this.close();
  }

  private wake(): void {
    const reader = this.wakeReader;
    this.wakeReader = null;
    reader?.();
  }
}
