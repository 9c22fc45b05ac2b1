import type { LiveClientState, StatusMessage, WireError } from '../../formats/index.ts';

/** The live connection as the app shows it (and tests read it from `data-live-state`). */
export type LiveConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error' | 'closed';

/** What the connection badge says: a state, and a message when something is wrong. */
export interface LiveConnectionView {
  state: LiveConnectionState;
  /** the problem to show, or null */
  message: string | null;
}

/**
 * The connection's state from the client's socket state, the bridge's latest status and the
 * latest problem the client itself saw. Kafka trouble the bridge reports while the socket is
 * open is an error (the bridge keeps retrying); a skipped range of offsets is only a warning,
 * since records keep flowing.
 */
export function liveConnectionView(
  client: LiveClientState,
  status: StatusMessage | null,
  clientError: WireError | null,
): LiveConnectionView {
  if (client === 'closed') {
    return clientError
      ? { state: 'error', message: clientError.message }
      : { state: 'closed', message: null };
  }
  if (client === 'connecting') return { state: 'connecting', message: null };
  if (client === 'reconnecting') {
    return {
      state: 'reconnecting',
      message: status?.error?.message ?? clientError?.message ?? null,
    };
  }
  const problem = status?.error ?? null;
  if (problem && problem.code !== 'offset-gap') return { state: 'error', message: problem.message };
  return { state: 'live', message: problem?.message ?? null };
}

/** Records the bridge has read from Kafka but not sent yet, plus what Kafka holds beyond them. */
export function bridgeBacklog(status: StatusMessage | null): number | null {
  if (!status) return null;
  let lag = 0;
  for (const p of status.partitions) {
    if (p.lag === null) return null;
    lag += p.lag;
  }
  return lag + status.buffered.records;
}

/**
 * Whether the browser holds everything Kafka had when the bridge last looked: every partition
 * known and read to its end, nothing buffered in the bridge, and every record the bridge sent on
 * this connection (`received`) ingested. Until the reader knows its partitions it is not.
 */
export function isCaughtUp(status: StatusMessage | null, received: number): boolean {
  if (!status || status.partitions.length === 0) return false;
  return bridgeBacklog(status) === 0 && received >= status.sent.records;
}
