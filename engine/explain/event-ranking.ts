import type { RankedEvent, SystemEvent } from '../contract.ts';

/** Words too common to tie an event to a series. */
const STOPWORDS = new Set([
  'the',
  'and',
  'for',
  'from',
  'with',
  'into',
  'after',
  'before',
  'ahead',
  'all',
  'per',
  'not',
  'orders',
  'order',
  'service',
  'min',
  'max',
  'replicas',
]);

/** The words of a text that can tie an event to a series: lower case, 3+ letters or digits. */
export function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (w.length >= 3 && !STOPWORDS.has(w)) out.add(w);
  }
  return out;
}

/**
 * A word's stem for naming a lifecycle stage: without a plural, past or -ing ending or a final y
 * (delivery, delivered → deliver), when at least four letters remain.
 */
export function stem(word: string): string {
  for (const end of ['ing', 'ed', 'es', 's', 'y']) {
    if (word.endsWith(end) && word.length - end.length >= 4) return word.slice(0, -end.length);
  }
  return word;
}

/**
 * The workbook's lifecycle stages for the ranking: the words naming each stage (its step's name
 * and status), and the step of the stage where time or failures grew (null: none grew).
 */
export interface StageNames {
  stages: readonly { step: string; words: readonly string[] }[];
  grew: string | null;
}

/** The steps of `stages` whose words an event's words name, compared by stem. */
function namedSteps(have: ReadonlySet<string>, stages: StageNames): string[] {
  const stems = new Set([...have].map(stem));
  return stages.stages.filter((s) => s.words.some((w) => stems.has(stem(w)))).map((s) => s.step);
}

/** A moving series or dimension value, weighted by how much of the change it carries (0…1). */
export interface MovingTerm {
  text: string;
  weight: number;
}

export const EVENT_FORMULAS = {
  lead: 'lead = onset − event time  (onset: the metric’s change point in the window, else the window start)',
  timeScore:
    'time score = exp(−lead / τ) for lead ≥ 0; an event less than one metric step after the onset counts as at it (lead 0); later ones ½·exp((lead + step) / τ);  τ = max(10 min, window length)',
  scopeOverlap:
    'scope overlap = max over moving values m of weight(m) · |words(m) ∩ words(event type, scope, detail)| / |words(m)|; 0 for an event that names a lifecycle stage but not the one where time or failures grew (by word stem: delivery-service names picked up → delivered): it acts on another part of the lifecycle',
  eventScore: 'score = ½ · time score + ½ · scope overlap',
} as const;

/**
 * Scores the events in `[lookFrom, to)` as causes of a change with onset `onset`: by lead time
 * and by how far their type, scope and detail name the moving series and values, unless they name
 * a lifecycle stage of `stages` other than the one that grew (see `EVENT_FORMULAS`); best first,
 * ties to the later event.
 */
export function rankEvents(
  events: readonly SystemEvent[],
  span: { lookFrom: number; to: number; onset: number; windowMs: number; stepMs?: number },
  moving: readonly MovingTerm[],
  stages?: StageNames,
): RankedEvent[] {
  const tau = Math.max(600_000, span.windowMs);
  const terms = moving
    .map((m) => ({ words: words(m.text), weight: Math.min(1, Math.max(0, m.weight)) }))
    .filter((m) => m.words.size > 0 && m.weight > 0);
  const ranked: RankedEvent[] = [];
  for (const e of events) {
    if (e.time < span.lookFrom || e.time >= span.to) continue;
    const have = words(`${e.type} ${e.source ?? ''} ${e.detail}`);
    let overlap = 0;
    const matched = new Set<string>();
    for (const m of terms) {
      const hits = [...m.words].filter((w) => have.has(w));
      hits.forEach((w) => matched.add(w));
      overlap = Math.max(overlap, (m.weight * hits.length) / m.words.size);
    }
    // An event acting on another stage than the one that moved names the moving values by chance
    // (a delivery-service failure in the region of a rejection spike).
    const steps = stages?.grew ? namedSteps(have, stages) : [];
    if (steps.length > 0 && !steps.includes(stages!.grew!)) {
      overlap = 0;
      matched.clear();
    }
    const lead = span.onset - e.time;
    // The series cannot place a change within one of its steps: an event that close is at the onset.
    const step = span.stepMs ?? 0;
    const timeScore =
      lead >= 0 ? Math.exp(-lead / tau) : lead > -step ? 1 : 0.5 * Math.exp((lead + step) / tau);
    ranked.push({
      ...e,
      lead_ms: lead,
      scope_overlap: overlap,
      matched: [...matched].sort(),
      time_score: timeScore,
      score: 0.5 * timeScore + 0.5 * overlap,
    });
  }
  return ranked.sort((a, b) => b.score - a.score || b.time - a.time);
}
