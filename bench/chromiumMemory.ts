import { readdirSync, readFileSync } from 'node:fs';

/** Passed on the bench Chromium's command line so its processes can be found in /proc. */
export const MARKER = '--relearn-bench-browser';

/** The fields of /proc/PID/stat after the command's name (which may hold spaces): [0] is the state, [1] the parent. */
const statFields = (pid: string): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');

/**
 * Every process of the bench's Chromium: the browser, whose command line has the marker, and all it started
 * (zygotes, renderers, the GPU and utility processes), whose command lines do not.
 */
function chromiumPids(): string[] {
  const children = new Map<string, string[]>();
  const marked: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const parent = statFields(pid)[1]!;
      children.set(parent, [...(children.get(parent) ?? []), pid]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MARKER)) marked.push(pid);
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
