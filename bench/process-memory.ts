import { readdirSync, readFileSync } from 'node:fs';

/** Memory of a set of processes at one moment, in bytes (Linux /proc). */
export interface TreeMemory {
  /** the sum of the processes' resident set sizes (shared pages counted once per process) */
  rss: number;
  /**
   * the sum of their anonymous resident memory (RssAnon: heaps, WASM memory; no files mapped,
   * so the Chromium binary and libraries mapped by every process are not counted over and over)
   */
  anon: number;
  processes: number;
}

/** pid → parent pid of every process now running (from /proc/<pid>/stat). */
function parents(): Map<number, { ppid: number; comm: string }> {
  const out = new Map<number, { ppid: number; comm: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so cut at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    out.set(Number(name), { ppid, comm });
  }
  return out;
}

/** The pids descending from `root` (not `root` itself) whose command name `keep` accepts. */
export function descendants(root: number, keep: (comm: string) => boolean): number[] {
  const all = parents();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of all) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (keep(all.get(pid)!.comm)) found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A field of a /proc/<pid>/status text given in kB, in bytes (0 when absent). */
function kbField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * The summed RSS and anonymous RSS of `pids` now, from /proc/<pid>/status (cheap to read;
 * smaps_rollup's PSS would split shared pages fairly but takes 0.1–0.4 s per sample for a
 * renderer holding DuckDB-WASM's large address space reservations).
 */
export function memoryOf(pids: readonly number[]): TreeMemory {
  let rss = 0;
  let anon = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += kbField(status, 'VmRSS');
      anon += kbField(status, 'RssAnon');
    } catch {
      // it exited meanwhile
    }
  }
  return { rss, anon, processes: pids.length };
}

/**
 * Samples the memory of the processes under `root` that `keep` accepts (the process tree is
 * walked again on each sample, so renderers and helpers started later count) every `everyMs`,
 * keeping the peak of each sum. RSS counts a page shared by several processes once in each, so
 * its sum overstates what they hold together; the anonymous part is mostly each one's own.
 */
export class TreeMemorySampler {
  #timer: NodeJS.Timeout | null = null;
  peak: TreeMemory = { rss: 0, anon: 0, processes: 0 };

  constructor(
    readonly root: number,
    readonly keep: (comm: string) => boolean,
    readonly everyMs = 200,
  ) {}

  /** Takes one sample now and returns it (the peak is updated). */
  sample(): TreeMemory {
    const now = memoryOf(descendants(this.root, this.keep));
    if (now.rss > this.peak.rss) this.peak = { ...this.peak, rss: now.rss };
    if (now.anon > this.peak.anon) this.peak = { ...this.peak, anon: now.anon };
    if (now.processes > this.peak.processes) this.peak = { ...this.peak, processes: now.processes };
    return now;
  }

  /** Starts sampling from a fresh peak. */
  start(): void {
    this.stop();
    this.peak = { rss: 0, anon: 0, processes: 0 };
    this.sample();
    this.#timer = setInterval(() => this.sample(), this.everyMs);
  }

  /** Stops sampling (after a last sample) and returns the peak. */
  stop(): TreeMemory {
    if (this.#timer) {
      clearInterval(this.#timer);
      this.#timer = null;
      this.sample();
    }
    return this.peak;
  }
}
