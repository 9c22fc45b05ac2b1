const NOT_YET = Symbol('not yet');

/**
 * Pulls from a sync or async iterable with a time limit: a slow source (a live stream) must not
 * hold back records that are already due, while a fast one (a file, a generator) is drained in
 * large batches without a timer per item. A pull that times out is kept and resumed next time.
 */
export class PullAhead<T> {
  private readonly iterator: AsyncIterator<T> | Iterator<T>;
  private pending: Promise<IteratorResult<T>> | null = null;

  constructor(items: AsyncIterable<T> | Iterable<T>) {
    this.iterator =
      Symbol.asyncIterator in items
        ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
        : (items as Iterable<T>)[Symbol.iterator]();
  }

  /**
   * The next item, or `'timeout'` when none arrived within `withinMs` (null: wait as long as it
   * takes). An item that is already there is returned even when `withinMs` is 0.
   */
  async pull(withinMs: number | null): Promise<IteratorResult<T> | 'timeout'> {
    const pending = (this.pending ??= Promise.resolve(this.iterator.next()));
    let result = await Promise.race([pending, Promise.resolve(NOT_YET)]);
    if (result === NOT_YET) {
      if (withinMs === null) {
        result = await pending;
      } else {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<typeof NOT_YET>((resolve) => {
          timer = setTimeout(() => resolve(NOT_YET), Math.max(0, withinMs));
        });
        result = await Promise.race([pending, timeout]);
        clearTimeout(timer);
        if (result === NOT_YET) return 'timeout';
      }
    }
    this.pending = null;
    return result;
  }

  /** Tells the source no more items are wanted (runs its `finally`). */
  async close(): Promise<void> {
    if (this.pending === null) {
      await this.iterator.return?.();
    } else {
      // A generator busy in a pull is returned once that pull settles, which for a live source
      // may be never: ask, but do not wait.
      this.pending.then(
        () => this.iterator.return?.(),
        () => undefined,
      );
    }
  }
}
