import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaBrokerError } from './errors.ts';

const PID_FILE = 'broker.pid';

/** True when `pid` is a live process (and, where /proc tells, a Kafka or Node process). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') || cmdline.includes('node');
  } catch {
    return true;
  }
}

/**
 * Claims `dataDir` for one broker before anything in it is rewritten. A second broker on the same
 * folder would rewrite server.properties and race the first one's metadata log before Kafka's
 * own lock stops it, so it is refused here with DATA_DIR_IN_USE. A claim left by a dead process
 * is taken over.
 */
export async function claimDataDir(dataDir: string): Promise<void> {
  const file = join(dataDir, PID_FILE);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number((await readFile(file, 'utf8')).trim());
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
    throw new KafkaBrokerError(
      'DATA_DIR_IN_USE',
      `data dir ${dataDir} is in use by process ${owner} (another local Kafka broker); stop it or pick another --data`,
    );
  }
  await writeFile(file, String(process.pid));
}

/** Records the broker JVM as the holder of the claim, so it stays valid if Node dies first. */
export async function recordBrokerPid(dataDir: string, pid: number): Promise<void> {
  await writeFile(join(dataDir, PID_FILE), String(pid));
}

/** Gives up the claim (after the broker exited). */
export async function releaseDataDir(dataDir: string): Promise<void> {
  await rm(join(dataDir, PID_FILE), { force: true });
}
