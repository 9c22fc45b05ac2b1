import { spawn } from 'node:child_process';

/** How a tool run went wrong: it could not be started, or it exited non-zero. */
export type ToolFailure =
  | { kind: 'not-started'; notFound: boolean; error: NodeJS.ErrnoException }
  | { kind: 'exit'; code: number | null; tail: string[] };

/** Output kept from a run, for the failure's tail. */
const KEPT_CHARS = 20_000;
/** Lines of output a failure quotes. */
const TAIL_LINES = 25;

/**
 * Runs `command args` in `cwd` (stdin closed), keeping the last of its output. Resolves when it
 * exits 0; otherwise rejects with `toError(failure)`: not started (`notFound` when the command
 * is not installed or not on PATH), or the exit code with the output's last 25 lines, ANSI
 * colours removed (Maven colours its output even in batch mode).
 */
export function runTool(
  command: string,
  args: readonly string[],
  cwd: string,
  toError: (failure: ToolFailure) => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-KEPT_CHARS);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(toError({ kind: 'not-started', notFound: error.code === 'ENOENT', error }));
    });
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const tail = output
        .replace(/\u001b\[[0-9;]*m/g, '')
        .trimEnd()
        .split('\n')
        .slice(-TAIL_LINES);
      reject(toError({ kind: 'exit', code, tail }));
    });
  });
}
