import { InvalidArgumentError, type Command } from 'commander';
import { stderrProgress } from '../alerts-as-code/headless-replay.ts';
import { runExplain, type ExplainOptions } from '../explain/run-explain.ts';

/**
 * `tapedeck explain --recording R (--incident ID | --from T --to T --metric M) [--json]`: what
 * changed in a window of a recording against its baseline, as the app's explanation panel shows
 * it (`Engine.explain`): ranked system events, dimension values and pairs, mix and rate, the
 * order stage, change points. Prints the Markdown report, or with `--json` one
 * `tapedeck-explain/1` document, each list ranked best first.
 */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'Explain what changed in a window of a recording (an incident, or --from/--to of a metric) against its baseline',
    )
    .requiredOption('--recording <file>', 'recording file (kcat -C -J NDJSON, plain or .gz)')
    .option(
      '--labels <file>',
      'incident labels (default: <name>.labels.json beside the recording, when it exists)',
    )
    .option('--workbook <file>', 'workbook, YAML or JSON (default: the bundled kitchen workbook)')
    .option('--incident <id>', "explain a labelled incident's window")
    .option('--from <time>', 'window start: an ISO time with a zone, or +offset from the start')
    .option('--to <time>', 'window end (same forms as --from)')
    .option(
      '--metric <id>',
      "the metric whose change is explained (with --incident: default the metric of the rule catching the incident's kind)",
    )
    .option(
      '--baseline <kind>',
      'preceding (the 4× window length before it) or same-hour (the same hours on earlier days)',
      parseBaseline,
      'preceding',
    )
    .option('--at <time>', 'as known at this replay time (default: the last record)')
    .option('--json', 'print one JSON document (format tapedeck-explain/1) instead of Markdown')
    .action(async (flags: Omit<ExplainOptions, 'onProgress'> & { json?: boolean }) => {
      const { json, ...options } = flags;
      const out = await runExplain({ ...options, onProgress: stderrProgress() });
      process.stdout.write(
        json === true ? `${JSON.stringify(out.document, null, 2)}\n` : out.markdown,
      );
    });
}

function parseBaseline(text: string): 'preceding' | 'same-hour' {
  if (text === 'preceding' || text === 'same-hour') return text;
  throw new InvalidArgumentError('expected preceding or same-hour');
}
