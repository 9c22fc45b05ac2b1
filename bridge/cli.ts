import { Command } from 'commander';
import { registerScenarioCommand } from './commands/scenario.ts';
import { registerServeCommand } from './commands/serve.ts';

/** The `tapedeck` command line. Each command lives in `commands/<name>.ts`. */
const program = new Command('tapedeck')
  .description('Replay and simulate Kafka event streams: metrics, SLIs and alert backtests.')
  .showHelpAfterError();

registerServeCommand(program);
registerScenarioCommand(program);

await program.parseAsync(process.argv);
