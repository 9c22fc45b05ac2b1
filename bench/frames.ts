import { serialize } from 'node:v8';
import { createNodeEngine, type Engine } from '../engine/node.ts';
import { median, type Row } from './report.ts';

/** Spread replay times over the source: where seeks land. */
function seekTimes(start: number, end: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + ((end - start) * (i + 0.5)) / count + i);
}

/** Milliseconds each of `times` takes as a frame, in order. */
async function frameTimes(engine: Engine, times: number[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of times) {
    const a = performance.now();
    await engine.frame(t);
    out.push(performance.now() - a);
  }
  return out;
}

/**
 * Replay frames (issue 13): the engine computes each metric once per source and slices it, so a
 * frame's cost should not grow with the source. Timed on `engine` (the source loaded, its first
 * frame taken) against the reference in the same process — an engine that runs every metric's
 * SQL over the records delivered so far on each frame, as frames were computed before — on the
 * same recording: seeks to replay times spread over the source, and steps of 1 s and of 1 min
 * from the middle (1× play delivers a few records a frame; fast play many).
 */
export async function benchFrames(
  engine: Engine,
  recording: Uint8Array,
  span: { start: number; end: number },
): Promise<Row[]> {
  const reference = await createNodeEngine({ recomputeFrames: true });
  await reference.loadRecording(recording.slice(), 'bench');
  await reference.frame(span.end);
  const seeks = seekTimes(span.start, span.end, 12);
  const mid = (span.start + span.end) / 2;
  const steps = (stepMs: number) => Array.from({ length: 30 }, (_, i) => mid + 7_000 + i * stepMs);
  const rows: Row[] = [];
  for (const [what, times] of [
    ['seek (12 times spread over the source)', seeks],
    ['step 1 s (30 frames from the middle)', steps(1_000)],
    ['step 1 min (30 frames from the middle)', steps(60_000)],
  ] as const) {
    const sliced = median(await frameTimes(engine, [...times]));
    const recomputed = median(await frameTimes(reference, [...times]));
    rows.push({
      what: `frame, ${what}`,
      figure: `${sliced.toFixed(1)} ms`,
      note: `median; per-frame recompute ${recomputed.toFixed(0)} ms (${(recomputed / sliced).toFixed(0)}× slower); target < 16 ms`,
    });
  }
  reference.close();
  rows.push(...(await frameBytes(engine, span)));
  return rows;
}

/**
 * What crosses the worker boundary per frame while playing (issue 13: only the samples that
 * changed): the structured-clone size (`v8.serialize`, what `postMessage` writes) of the delta
 * `frameDelta` gives the app, and of the full frame `frame` gives, for 30 frames in a row from
 * the middle of the source and 30 near its end, at steps of one animation frame (60 a second)
 * at 1× (17 ms), 60× (1 s) and 600× (10 s).
 */
export async function frameBytes(
  engine: Engine,
  span: { start: number; end: number },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const stepMs of [17, 1_000, 10_000]) {
    const delta: number[] = [];
    const full: number[][] = [];
    for (const from of [(span.start + span.end) / 2, span.end - 30 * stepMs - 60_000]) {
      let token: number | null = null;
      const sizes: number[] = [];
      for (let i = 0; i <= 30; i++) {
        const t = from + i * stepMs;
        const answer = await engine.frameDelta(t, token);
        token = answer.token;
        // The first answer of a run is a full frame (the app holds none yet).
        if (i === 0) continue;
        delta.push(serialize(answer).length);
        sizes.push(serialize(await engine.frame(t)).length);
      }
      full.push(sizes);
    }
    const [middle, end] = full.map(median) as [number, number];
    const d = median(delta);
    rows.push({
      what: `bytes to the app per frame playing at ${{ 17: '1×', 1000: '60×', 10000: '600×' }[stepMs]}`,
      figure: `${kb(d)} delta`,
      note: `median of 60 frames; full frame ${kb(middle)} mid-source, ${kb(end)} at the end (structured clone)`,
    });
  }
  return rows;
}

function kb(bytes: number): string {
  return `${(bytes / 1e3).toFixed(bytes < 10_000 ? 1 : 0)} kB`;
}
