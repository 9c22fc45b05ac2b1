import type { Incident } from '../../formats/index.ts';
import type { DimensionContribution, Explanation } from '../contract.ts';

/** How an explanation of a labelled incident fared against its label. */
export interface ExplanationScore {
  incident: string;
  kind: string;
  metric: string;
  /**
   * 1-based rank of the labelled scope: for a scope of two or more fields, the first listed
   * combination of two of them with the labelled values; else (or when no such combination is
   * listed) the best-ranked single field with its labelled value. Null when none is listed or
   * the label has no scope.
   */
  scopeRank: number | null;
  hasScope: boolean;
  /** a labelled near-miss (its scope says what it `resembles`), not an incident */
  nearMiss: boolean;
  /** 1-based rank of the label's cause event among the events; null when not listed or no cause */
  causeRank: number | null;
  hasCause: boolean;
  /** the top of each list, as the explanation ranks them */
  top: {
    dimension: Pick<
      DimensionContribution,
      'dimension' | 'value' | 'contribution' | 'p_value'
    > | null;
    combination: Pick<
      DimensionContribution,
      'dimension' | 'value' | 'contribution' | 'p_value'
    > | null;
    event: {
      time: number;
      type: string;
      scope: string | null;
      detail: string;
      lead_ms: number;
    } | null;
    stage: string | null;
  };
}

/** The labelled scope without `resembles` (which names a near-miss's look-alike kind). */
function scopeOf(incident: Incident): [string, string][] {
  return Object.entries(incident.scope).filter(([k]) => k !== 'resembles');
}

function brief(d: DimensionContribution | undefined): ExplanationScore['top']['dimension'] {
  return d
    ? { dimension: d.dimension, value: d.value, contribution: d.contribution, p_value: d.p_value }
    : null;
}

/** Scores `x`, the explanation of `incident`'s window, against the incident's label. */
export function scoreExplanation(incident: Incident, x: Explanation): ExplanationScore {
  const scope = scopeOf(incident).map(([k, v]) => [k.toLowerCase(), v] as const);
  // A label names the business field (restaurant); the metric's topic may carry it under another
  // name (restaurant-status: name). A labelled field no listed dimension is named after matches
  // the value under any field.
  const listed = new Set(
    [...x.dimensions, ...x.combinations].flatMap((d) => d.dimension.toLowerCase().split(' × ')),
  );
  const is = (field: string, value: string) =>
    scope.some(([k, v]) => (k === field.toLowerCase() || !listed.has(k)) && v === value);
  let scopeRank: number | null = null;
  if (scope.length >= 2) {
    const i = x.combinations.findIndex((c) => {
      const fields = c.dimension.split(' × ');
      const values = c.value.split(' × ');
      return fields.length === 2 && fields.every((f, j) => is(f, values[j]!));
    });
    if (i >= 0) scopeRank = i + 1;
  }
  if (scopeRank === null && scope.length > 0) {
    const i = x.dimensions.findIndex((d) => is(d.dimension, d.value));
    if (i >= 0) scopeRank = i + 1;
  }
  const cause = incident.cause;
  let causeRank: number | null = null;
  if (cause) {
    const i = x.events.findIndex(
      (e) =>
        e.type === cause.type && e.source === cause.source && Math.abs(e.time - cause.time) < 1000,
    );
    if (i >= 0) causeRank = i + 1;
  }
  const e = x.events[0];
  return {
    incident: incident.id,
    kind: incident.kind,
    metric: x.metric,
    scopeRank,
    hasScope: scope.length > 0,
    nearMiss: incident.scope['resembles'] !== undefined,
    causeRank,
    hasCause: cause !== undefined,
    top: {
      dimension: brief(x.dimensions[0]),
      combination: brief(x.combinations[0]),
      event: e
        ? { time: e.time, type: e.type, scope: e.source, detail: e.detail, lead_ms: e.lead_ms }
        : null,
      stage: x.stage?.stage ?? null,
    },
  };
}

/** Over many incidents: how often the labelled scope and cause ranked first, and in the top 3. */
export interface ExplanationSummary {
  /** incidents with a labelled scope */
  scoped: number;
  scopeFirst: number;
  scopeTop3: number;
  /** incidents whose label names a cause event */
  caused: number;
  causeFirst: number;
  causeTop3: number;
}

/** Counts, over `scores`, the incidents whose scope and cause ranked first and in the top 3. */
export function summarizeExplanations(scores: readonly ExplanationScore[]): ExplanationSummary {
  const withScope = scores.filter((s) => s.hasScope);
  const caused = scores.filter((s) => s.hasCause);
  const within = (r: number | null, n: number) => r !== null && r <= n;
  return {
    scoped: withScope.length,
    scopeFirst: withScope.filter((s) => within(s.scopeRank, 1)).length,
    scopeTop3: withScope.filter((s) => within(s.scopeRank, 3)).length,
    caused: caused.length,
    causeFirst: caused.filter((s) => within(s.causeRank, 1)).length,
    causeTop3: caused.filter((s) => within(s.causeRank, 3)).length,
  };
}

/** The summary over the incidents and over the near-misses apart (see `summarizeExplanations`). */
export function summarizeByLabel(scores: readonly ExplanationScore[]): {
  incidents: ExplanationSummary;
  nearMisses: ExplanationSummary;
} {
  return {
    incidents: summarizeExplanations(scores.filter((s) => !s.nearMiss)),
    nearMisses: summarizeExplanations(scores.filter((s) => s.nearMiss)),
  };
}
