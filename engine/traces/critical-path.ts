/**
 * The critical path of a trace whose records are in hop order, given each record's trace id
 * (null: untraced): walking back from the last record, each record's predecessor is the latest
 * earlier record of its own trace piece (same trace id), or — at the start of a piece or for an
 * untraced record — the record just before it. Records off the path are side branches: work
 * that ran beside the chain that decided the end-to-end latency.
 */
export function criticalPath(traceIds: readonly (string | null)[]): boolean[] {
  const on = traceIds.map(() => false);
  const lastOfPiece = new Map<string, number>();
  const pred = traceIds.map((id, i) => {
    const p = id === null ? undefined : lastOfPiece.get(id);
    if (id !== null) lastOfPiece.set(id, i);
    return p ?? i - 1;
  });
  for (let i = traceIds.length - 1; i >= 0; i = pred[i]!) on[i] = true;
  return on;
}
