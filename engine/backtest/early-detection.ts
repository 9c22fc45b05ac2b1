/**
 * The early-detection score of the Numenta Anomaly Benchmark (Lavin & Ahmad 2015, "Evaluating
 * Real-time Anomaly Detection Algorithms"; `nab/sweeper.py` in github.com/numenta/NAB), on
 * scoring rows: the first rows of a source are a probation period that is not scored; within
 * each labelled window the best alert earns a scaled sigmoid of its position (earlier = more);
 * every alert outside the windows costs a scaled sigmoid of its distance past the previous
 * window (−1 before any window); every window without an alert costs `fn`. Weighted by a
 * profile, and normalised so that no alerts = 0 and a perfect detector = 100.
 */
import { countBelow } from '../sorted-search.ts';

/** Weights of one scoring profile (NAB's `CostMatrix`). */
export interface EarlyDetectionProfile {
  tp: number;
  fp: number;
  fn: number;
}

/** NAB's three profiles (`config/profiles.json`): standard, reward low FP rate, reward low FN rate. */
export const EARLY_DETECTION_PROFILES = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  lowFalseAlarms: { tp: 1, fp: 0.22, fn: 1 },
  lowMisses: { tp: 1, fp: 0.11, fn: 2 },
} as const satisfies Record<string, EarlyDetectionProfile>;

export type EarlyDetectionProfileName = keyof typeof EARLY_DETECTION_PROFILES;

const PROFILE_NAMES = Object.keys(EARLY_DETECTION_PROFILES) as EarlyDetectionProfileName[];

/** NAB's probation: the first 15% of rows, at most 750 (15% of 5000), are not scored. */
export const PROBATION_SHARE = 0.15;
const PROBATION_CAP = PROBATION_SHARE * 5000;

/** One profile's score: raw, what no alerts and a perfect detector score, and normalised. */
export interface ProfileScore {
  raw: number;
  /** the score of no alerts: −fn per window */
  none: number;
  /** the score of a perfect detector: +tp per window */
  perfect: number;
  /** 100 × (raw − none) / (perfect − none); null without a scored window */
  normalized: number | null;
}

/**
 * A backtest's early-detection scores, one per profile (NAB's standard, reward-low-FP and
 * reward-low-FN), over `windows` labelled windows after the probation period.
 */
export interface EarlyDetection {
  standard: ProfileScore;
  lowFalseAlarms: ProfileScore;
  lowMisses: ProfileScore;
  /** windows scored (those reaching past the probation period) */
  windows: number;
  /** alerts in the probation period, not scored */
  probationAlerts: number;
}

/** The rows a source is scored on: sorted times; alerts and windows are placed on them. */
export interface ScoringRows {
  count: number;
  time(i: number): number;
  /** index of the first row at or after `t` (`count` when none) */
  atOrAfter(t: number): number;
}

/** Rows every `stepMs` from the first multiple of `stepMs` at or after `start`, before `end`. */
export function gridRows(start: number, end: number, stepMs: number): ScoringRows {
  const first = Math.ceil(start / stepMs) * stepMs;
  const count = end > first ? Math.ceil((end - first) / stepMs) : 0;
  return {
    count,
    time: (i) => first + i * stepMs,
    atOrAfter: (t) => Math.min(count, Math.max(0, Math.ceil((t - first) / stepMs))),
  };
}

/** Rows at the given sorted times (a source's own timestamps, as NAB scores a data file). */
export function listedRows(times: readonly number[]): ScoringRows {
  return {
    count: times.length,
    time: (i) => times[i]!,
    atOrAfter: (t) => countBelow(times, t),
  };
}

/** NAB's scaled sigmoid: 2·σ(−5x) − 1, and −1 beyond 3 (far past a window). */
export function scaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** The number of rows not scored at the start of a source of `rows` rows. */
export function probationRows(rows: number): number {
  return Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_CAP);
}

/** What early-detection scoring needs: rows, windows `[start, end)`, alert starts. */
export interface EarlyDetectionInput {
  rows: ScoringRows;
  windows: readonly { start: number; end: number }[];
  alerts: readonly number[];
  /** whether alert `a` may detect window `w` (a scoped rule's series); default any */
  canDetect?: (alert: number, window: number) => boolean;
}

/**
 * Scores alerts as NAB's sweeper scores a data file's detections. Each window spans the rows
 * in `[start, end)` (NAB's windows are inclusive of their last timestamp: pass end just past
 * it); an alert sits on the first row at or after its start. Rows before `probationRows` are
 * not scored: an alert there is ignored, and a window counts only if it reaches past them.
 * An alert inside a window it may detect earns `tp · S(−(right − i + 1)/width) / S(−1)` and a
 * window keeps its best; an alert inside no such window costs `fp · S((i − right′)/(width′ −
 * 1))` after the previous window `right′` (−fp before any); a window without an alert costs
 * `fn`. Windows may overlap (scoped incidents); each is detected on its own.
 */
export function earlyDetection(input: EarlyDetectionInput): EarlyDetection {
  const { rows } = input;
  const probation = probationRows(rows.count);
  const windows = input.windows
    .map((w, index) => {
      const left = rows.atOrAfter(w.start);
      const right = rows.atOrAfter(w.end) - 1;
      return { index, left, right, width: right - left + 1 };
    })
    .filter((w) => w.right >= probation && w.width > 0);
  const byRight = [...windows].sort((a, b) => a.right - b.right);
  const best = new Map<number, number>();
  const fpParts: number[] = [];
  let probationAlerts = 0;
  input.alerts.forEach((start, a) => {
    const i = rows.atOrAfter(start);
    if (i >= rows.count) return;
    if (i < probation) {
      probationAlerts++;
      return;
    }
    let inWindow = false;
    for (const w of windows) {
      if (i < w.left || i > w.right) continue;
      if (input.canDetect && !input.canDetect(a, w.index)) continue;
      inWindow = true;
      const s = scaledSigmoid(-(w.right - i + 1) / w.width);
      best.set(w.index, Math.max(best.get(w.index) ?? -Infinity, s));
    }
    if (inWindow) return;
    let previous: (typeof windows)[number] | undefined;
    for (const w of byRight) {
      if (w.right < i) previous = w;
      else break;
    }
    fpParts.push(
      previous === undefined || previous.width <= 1
        ? -1
        : scaledSigmoid((i - previous.right) / (previous.width - 1)),
    );
  });
  const score = (p: EarlyDetectionProfile): ProfileScore => {
    let raw = 0;
    for (const w of windows) {
      const s = best.get(w.index);
      raw += s === undefined ? -p.fn : Math.max(-p.fn, (s * p.tp) / MAX_TP);
    }
    for (const s of fpParts) raw += s * p.fp;
    return normalized({ raw, none: -p.fn * windows.length, perfect: p.tp * windows.length });
  };
  const out = { windows: windows.length, probationAlerts } as EarlyDetection;
  for (const name of PROFILE_NAMES) out[name] = score(EARLY_DETECTION_PROFILES[name]);
  return out;
}

function normalized(s: Omit<ProfileScore, 'normalized'>): ProfileScore {
  const span = s.perfect - s.none;
  return { ...s, normalized: span > 0 ? (100 * (s.raw - s.none)) / span : null };
}

/**
 * Several sources' early-detection scores as one, as NAB totals a corpus: raw, none and
 * perfect summed per profile, then normalised. Null when any part has none.
 */
export function poolEarlyDetection(
  parts: readonly (EarlyDetection | undefined)[],
): EarlyDetection | undefined {
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  const all = parts as EarlyDetection[];
  const out = {
    windows: all.reduce((n, p) => n + p.windows, 0),
    probationAlerts: all.reduce((n, p) => n + p.probationAlerts, 0),
  } as EarlyDetection;
  for (const name of PROFILE_NAMES) {
    out[name] = normalized({
      raw: all.reduce((n, p) => n + p[name].raw, 0),
      none: all.reduce((n, p) => n + p[name].none, 0),
      perfect: all.reduce((n, p) => n + p[name].perfect, 0),
    });
  }
  return out;
}
