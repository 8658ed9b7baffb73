import { readdirSync, readFileSync } from 'node:fs';

/** Passed on the bench Chromium's command line so its processes can be found in /proc. */
export const MARKER = '--relearn-bench-browser';

/** The fields of /proc/PID/stat after the command's name (which may hold spaces): [0] is the state, [1] the parent. */
const statFields = (pid: string): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/**
 * Every process of the bench's Chromium: the browser, whose command line has the marker, and all it started
 * (zygotes, renderers, the GPU and utility processes), whose command lines do not.
 */
function chromiumPids(marker = MARKER): string[] {
  const children = new Map<string, string[]>();
  const marked: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const parent = statFields(pid)[1]!;
      children.set(parent, [...(children.get(parent) ?? []), pid]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) marked.push(pid);
    } catch {
      // the process ended between listing and reading
    }
  }
  const all = new Set<string>();
  const queue = [...marked];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (all.has(pid)) continue;
    all.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...all];
}

/** Resident memory of every process of the bench's Chromium (browser, renderer, workers' process), in MB. */
export function chromiumRssMb(): number {
  let kb = 0;
  for (const pid of chromiumPids()) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // the process ended between listing and reading
    }
  }
  return kb / 1024;
}

/** CPU time (user + system) so far of each process of the bench's Chromium, in ms, by process id. */
export function chromiumCpuMs(): Map<string, number> {
  // USER_HZ is 100 on Linux: a tick is 10 ms. utime and stime are /proc's 14th and 15th fields.
  const byPid = new Map<string, number>();
  for (const pid of chromiumPids()) {
    try {
      const fields = statFields(pid);
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the process ended between listing and reading
    }
  }
  return byPid;
}

/**
 * CPU time the bench's Chromium used since `before` (chromiumCpuMs): on a busy machine, fairer than wall
 * time. Per process, so that one that ended meanwhile (a closed page's) does not count against it.
 */
export function chromiumCpuSince(before: Map<string, number>): number {
  let ms = 0;
  for (const [pid, now] of chromiumCpuMs()) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** Which Chromium process a pid is: its `--type=` (renderer, gpu-process, utility, zygote) or `browser`. */
function processType(pid: string): string {
  // A child's command line may be one string with spaces (its title rewritten), not NUL-separated.
  const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  const type = /--type=(\S+)/.exec(line)?.[1] ?? 'browser';
  const service = /--utility-sub-type=(\S+)/.exec(line)?.[1]?.split('.').at(-1);
  return service ? `${type} ${service}` : type;
}

/** Passed on the command line of this bench process's Chromium alone: other benches' browsers run beside it. */
export const OWN_MARKER = `--relearn-bench-process=${process.pid}`;

/** CPU time so far of every thread of this process's Chromium (launched with OWN_MARKER), in ms, by `pid/tid`, with its process type and thread name. */
export function chromiumThreadCpuMs(): Map<string, { where: string; ms: number }> {
  const byThread = new Map<string, { where: string; ms: number }>();
  for (const pid of chromiumPids(OWN_MARKER)) {
    try {
      const type = processType(pid);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        byThread.set(`${pid}/${tid}`, { where: `${type}: ${name}`, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
      }
    } catch {
      // the process or thread ended between listing and reading
    }
  }
  return byThread;
}

/**
 * The CPU each Chromium thread used from the first `sample()` on, threads over 50 ms, most first. Sample
 * often: a thread that ends (a finished worker's) keeps what its last sample saw.
 */
export function chromiumThreadCpu(): { sample(): void; since(): { where: string; ms: number }[] } {
  const before = chromiumThreadCpuMs();
  const last = new Map(before);
  return {
    sample: () => {
      for (const [key, value] of chromiumThreadCpuMs()) last.set(key, value);
    },
    since: () =>
      [...last]
        .map(([key, { where, ms }]) => ({ where: `${where} (${key})`, ms: ms - (before.get(key)?.ms ?? 0) }))
        .filter((t) => t.ms > 50)
        .sort((a, b) => b.ms - a.ms),
  };
}
