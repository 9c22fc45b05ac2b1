import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a `tapedeck` command printed and how it exited. */
export interface CliRun {
  /** the exit code; -1 when the process could not run or was killed */
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../../bin/tapedeck.js', import.meta.url));

/**
 * Runs `tapedeck <args>` as a user does: a separate Node process on the built entry point.
 * A non-zero exit resolves (its code is in the result), so tests can assert on failures too.
 */
export function runTapedeck(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        maxBuffer: 256 << 20,
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
