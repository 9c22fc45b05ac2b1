import { Command } from 'commander';
import { registerBacktestCommand } from './commands/backtest.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerFlinkCommand } from './commands/flink.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerKafkaCommand } from './commands/kafka.ts';
import { registerRecordCommand } from './commands/record.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerScenarioCommand } from './commands/scenario.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSweepCommand } from './commands/sweep.ts';
import { registerTracesCommand } from './commands/traces.ts';

/** The `tapedeck` command line. Each command lives in `commands/<name>.ts`. */
const program = new Command('tapedeck')
  .description('Replay and simulate Kafka event streams: metrics, SLIs and alert backtests.')
  .showHelpAfterError()
  // A command's options are its own: `traces export --recording` is not `traces --recording`.
  .enablePositionalOptions();

registerServeCommand(program);
registerScenarioCommand(program);
registerImportCommand(program);
registerKafkaCommand(program);
registerRecordCommand(program);
registerReplayCommand(program);
registerBacktestCommand(program);
registerExportCommand(program);
registerSweepCommand(program);
registerExplainCommand(program);
registerTracesCommand(program);
registerFlinkCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Errors are for people: the message names the input and the reason; no stack trace.
  process.stderr.write(`tapedeck: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
