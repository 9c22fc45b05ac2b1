/** Frame requests to the engine, coalesced: at most one in flight, the next one asks for the latest time. */

/** Requests frames for replay times; see {@link createFrameRequester}. */
export interface FrameRequester {
  /** Asks for the frame at `time`. While a request is in flight, only the latest time is kept. */
  request(time: number): void;
  /** Stops delivering frames; a request in flight is dropped when it resolves. */
  dispose(): void;
}

/**
 * A requester that calls `fetchFrame` for one time at a time and hands each result to `onFrame`.
 * The clock advances every animation frame but the engine may take longer than that to answer;
 * queueing every time would let the charts fall ever further behind, so intermediate times are
 * skipped and the charts always catch up with the latest one.
 */
export function createFrameRequester<F>(
  fetchFrame: (time: number) => Promise<F>,
  onFrame: (frame: F) => void,
  onError: (error: unknown) => void,
): FrameRequester {
  let inFlight = false;
  let pending: number | null = null;
  let disposed = false;

  function run(time: number): void {
    inFlight = true;
    fetchFrame(time)
      .then(
        (frame) => {
          if (!disposed) onFrame(frame);
        },
        (error: unknown) => {
          if (!disposed) onError(error);
        },
      )
      .finally(() => {
        inFlight = false;
        if (pending !== null && !disposed) {
          const next = pending;
          pending = null;
          run(next);
        }
      });
  }

  return {
    request(time) {
      if (disposed) return;
      if (inFlight) pending = time;
      else run(time);
    },
    dispose() {
      disposed = true;
      pending = null;
    },
  };
}
