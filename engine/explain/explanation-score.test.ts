import { describe, expect, it } from 'vitest';
import type { Incident } from '../../formats/index.ts';
import type { DimensionContribution, Explanation, RankedEvent } from '../contract.ts';
import { scoreExplanation, summarizeExplanations } from './explanation-score.ts';

const dim = (dimension: string, value: string): DimensionContribution => ({
  dimension,
  value,
  window: 1,
  baseline: 0,
  contribution: 0.5,
  g: 1,
  p_value: 0.01,
  leave_one_out: 0.5,
});
const ev = (type: string, source: string, time: number): RankedEvent => ({
  time,
  type,
  source,
  detail: '',
  lead_ms: 0,
  scope_overlap: 0,
  matched: [],
  time_score: 0,
  score: 0,
});
const explanation = (over: Partial<Explanation>): Explanation => ({
  metric: 'm',
  kind: 'aggregate',
  window: { from: 0, to: 1 },
  baseline: [],
  time: 1,
  value: null,
  notes: [],
  events: [],
  changePoints: [],
  dimensions: [],
  combinations: [],
  mixRate: [],
  stages: [],
  stage: null,
  formulas: {},
  ...over,
});
const spike: Incident = {
  id: 'rejection-spike-1',
  kind: 'rejection-spike',
  start: 0,
  end: 1,
  scope: { aggregator: 'Talabat', region: 'Riyadh' },
  description: '',
  cause: { type: 'DEPLOY', source: 'talabat-adapter', time: 5000 },
};

describe('scoring an explanation against its label', () => {
  it('ranks a two-field scope by its combination, and the cause by type, source and time', () => {
    const s = scoreExplanation(
      spike,
      explanation({
        dimensions: [dim('reason', 'x'), dim('region', 'Riyadh')],
        combinations: [
          dim('aggregator × currency', 'Talabat × SAR'),
          dim('region × aggregator', 'Riyadh × Talabat'),
        ],
        events: [ev('DEPLOY', 'talabat-adapter', 9000), ev('DEPLOY', 'talabat-adapter', 5400)],
      }),
    );
    expect([s.scopeRank, s.causeRank, s.hasCause, s.hasScope]).toEqual([2, 2, true, true]);
    expect(s.top.combination?.value).toBe('Talabat × SAR');
  });

  it('falls back to the best single field (case aside) when no combination is listed; no scope, no rank', () => {
    const closed: Incident = {
      ...spike,
      scope: { restaurant: 'A', restaurantId: 'r1' },
      cause: undefined,
    };
    delete closed.cause;
    const s = scoreExplanation(
      closed,
      explanation({ dimensions: [dim('aggregator', 'x'), dim('restaurantid', 'r1')] }),
    );
    expect([s.scopeRank, s.causeRank, s.hasCause]).toEqual([2, null, false]);
    const bare = scoreExplanation({ ...closed, scope: { resembles: 'x' } }, explanation({}));
    expect([bare.scopeRank, bare.hasScope]).toEqual([null, false]);
  });

  it('summarizeExplanations counts firsts and top-3s over the incidents that have a scope or a cause', () => {
    const base = scoreExplanation(spike, explanation({}));
    const summary = summarizeExplanations([
      { ...base, scopeRank: 1, causeRank: 1 },
      { ...base, scopeRank: 3, causeRank: 4 },
      { ...base, scopeRank: null, causeRank: null },
      { ...base, hasScope: false, hasCause: false, scopeRank: null, causeRank: null },
    ]);
    expect(summary).toEqual({
      scoped: 3,
      scopeFirst: 1,
      scopeTop3: 2,
      caused: 3,
      causeFirst: 1,
      causeTop3: 1,
    });
  });
});

describe('the labelled field under another name', () => {
  const closed: Incident = {
    id: 'restaurant-closed-1',
    kind: 'restaurant-closed',
    start: 0,
    end: 1,
    scope: { restaurant: 'The Salty Sushi (Al Quoz)', restaurantId: 'ok5gc8lbw' },
    description: '',
  };

  it('matches the value under the field the topic calls it (restaurant-status: name) when no listed dimension has the label’s name', () => {
    const x = explanation({
      dimensions: [dim('name', 'Jacobi’s Pizza'), dim('name', 'The Salty Sushi (Al Quoz)')],
    });
    expect(scoreExplanation(closed, x).scopeRank).toBe(2);
  });

  it('does not when a listed dimension has the label’s name: the value must be under it', () => {
    const x = explanation({
      dimensions: [dim('restaurant', 'Jacobi’s Pizza'), dim('name', 'The Salty Sushi (Al Quoz)')],
    });
    expect(scoreExplanation(closed, x).scopeRank).toBeNull();
  });
});
