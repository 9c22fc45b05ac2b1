import { describe, expect, it } from 'vitest';
import { parseLabels } from './labels-file.ts';

const incident = {
  id: 'i-1',
  kind: 'rejection-spike',
  start: 1000,
  end: 61_000,
  scope: { aggregator: 'Talabat' },
  description: 'rejections up',
};
const labels = (...incidents: unknown[]) =>
  JSON.stringify({ scenario: 'kitchen', params: {}, incidents });

describe('parseLabels', () => {
  it('reads the incidents of a labels file, as written', () => {
    expect(parseLabels(labels(incident))).toEqual([incident]);
  });

  it('fills an absent scope with {} and a description that is not text with ""', () => {
    const { scope: _, ...bare } = { ...incident, description: 7 };
    expect(parseLabels(labels(bare))).toEqual([{ ...incident, scope: {}, description: '' }]);
  });

  it('needs only "incidents", ignoring "scenario", "params" and members it does not know', () => {
    expect(parseLabels('{"incidents":[]}')).toEqual([]);
    expect(parseLabels(JSON.stringify({ incidents: [{ ...incident, colour: 'red' }] }))).toEqual([
      incident,
    ]);
  });

  it("reads an incident's cause (the system event behind it) when there is one", () => {
    const cause = { type: 'DEPLOY', source: 'talabat-adapter', time: 500 };
    expect(parseLabels(labels({ ...incident, cause }))).toEqual([{ ...incident, cause }]);
    expect(() =>
      parseLabels(labels({ ...incident, cause: { type: 'DEPLOY', source: 'x' } })),
    ).toThrow('incident 1 (i-1): cause "time" must be a number (ms since epoch)');
  });

  it('accepts an empty incident (end equal to start) and an empty kind', () => {
    const empty = { ...incident, kind: '', end: incident.start };
    expect(parseLabels(labels(empty))).toEqual([empty]);
  });

  it('names the file, the incident and the field of the first problem', () => {
    const bad = (text: string, message: string) =>
      expect(() => parseLabels(text, 'r.labels.json')).toThrow(
        `labels file "r.labels.json": ${message}`,
      );
    bad('{"incidents": [', 'not valid JSON: ');
    bad('[]', 'no "incidents" array');
    bad('{"incidents": {}}', 'no "incidents" array');
    bad(labels(incident, 5), 'incident 2: not an object');
    bad(labels({ ...incident, id: '' }), 'incident 1: "id" must be a non-empty string');
    bad(labels({ ...incident, kind: 3 }), 'incident 1 (i-1): "kind" must be a string');
    bad(labels({ ...incident, start: '1000' }), 'incident 1 (i-1): "start" must be a number');
    bad(labels({ ...incident, end: null }), 'incident 1 (i-1): "end" must be a number');
    bad(
      labels({ ...incident, end: incident.start - 1 }),
      'incident 1 (i-1): "end" must not be before "start"',
    );
    bad(labels({ ...incident, scope: ['a'] }), 'incident 1 (i-1): "scope" must be an object');
    bad(
      labels({ ...incident, scope: { region: 1 } }),
      'incident 1 (i-1): scope "region" must be a string',
    );
  });

  it('says "labels" when it has no file name', () => {
    expect(() => parseLabels('{"incidents":[{"id":"x"}]}')).toThrow(
      'labels: incident 1 (x): "kind" must be a string',
    );
  });
});
