import type { DimensionContribution, Explanation } from '../contract.ts';

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const num = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : Number(x.toPrecision(digits)).toString();
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const pValue = (p: number): string => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function dimensionRows(list: readonly DimensionContribution[]): string[][] {
  return list.map((d) => [
    d.dimension,
    d.value,
    num(d.window),
    num(d.baseline),
    pct(d.contribution),
    pValue(d.p_value),
    pct(d.leave_one_out),
  ]);
}

/** The explanation as a Markdown report: every table, then the formulas behind the scores. */
export function explanationMarkdown(x: Explanation): string {
  const out: string[] = [];
  out.push(`# What changed: ${x.metric}`);
  out.push(
    `Window ${iso(x.window.from)} – ${iso(x.window.to)}, as known at ${iso(x.time)}; baseline ${
      x.baseline.length ? x.baseline.map((b) => `${iso(b.from)} – ${iso(b.to)}`).join(', ') : 'none'
    }.`,
  );
  if (x.value) {
    out.push(
      `Value: ${num(x.value.baseline)} in the baseline → ${num(x.value.window)} in the window (change ${num(x.value.change)}).`,
    );
  }
  for (const note of x.notes) out.push(`> ${note}`);
  out.push('## System events');
  out.push(
    x.events.length
      ? table(
          ['time', 'type', 'scope', 'detail', 'lead', 'scope overlap', 'score'],
          x.events.map((e) => [
            iso(e.time),
            e.type,
            e.source ?? '',
            e.detail,
            minutes(e.lead_ms),
            num(e.scope_overlap, 2),
            num(e.score, 2),
          ]),
        )
      : 'None in the lead-up or the window.',
  );
  out.push('## Change points');
  out.push(
    x.changePoints.length
      ? table(
          ['metric', 'series', 'at', 'before', 'after', 'Welch t'],
          x.changePoints.map((c) => [
            c.metric,
            c.series,
            iso(c.time),
            num(c.before),
            num(c.after),
            num(c.score, 3),
          ]),
        )
      : 'None.',
  );
  const head = [
    'dimension',
    'value',
    'window',
    'baseline',
    'contribution',
    'G-test p',
    'leave-one-out',
  ];
  out.push('## Dimension values');
  out.push(x.dimensions.length ? table(head, dimensionRows(x.dimensions)) : 'None.');
  out.push('## Two-dimension combinations');
  out.push(x.combinations.length ? table(head, dimensionRows(x.combinations)) : 'None.');
  if (x.mixRate.length) {
    out.push('## Mix and rate');
    out.push(
      table(
        ['dimension', 'before', 'after', 'change', 'mix', 'rate'],
        x.mixRate.map((m) => [
          m.dimension,
          num(m.before),
          num(m.after),
          num(m.change),
          num(m.mix),
          num(m.rate),
        ]),
      ),
    );
  }
  out.push('## Order stages');
  if (x.stage) out.push(`Grew most: **${x.stage.stage}**.`);
  out.push(
    x.stages.length
      ? table(
          [
            'stage',
            'median s (baseline → window)',
            'p95 s (baseline → window)',
            'failure rate (baseline → window)',
            'failure p',
            'score',
          ],
          x.stages.map((s) => [
            s.stage,
            `${num(s.baselineMedianS)} → ${num(s.windowMedianS)}`,
            `${num(s.baselineP95S)} → ${num(s.windowP95S)}`,
            `${s.baselineFailureRate === null ? '–' : pct(s.baselineFailureRate)} → ${s.windowFailureRate === null ? '–' : pct(s.windowFailureRate)}`,
            pValue(s.failure_p_value),
            num(s.score, 2),
          ]),
        )
      : 'No stages.',
  );
  out.push('## Formulas');
  out.push(
    Object.entries(x.formulas)
      .map(([k, f]) => `- **${k}**: ${f}`)
      .join('\n'),
  );
  return `${out.join('\n\n')}\n`;
}
