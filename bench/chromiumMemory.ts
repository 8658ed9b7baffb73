import { readdirSync, readFileSync } from 'node:fs';

/** Passed on the bench Chromium's command line so its processes can be found in /proc. */
export const MARKER = '--relearn-bench-browser';

/** Resident memory of every process of the bench's Chromium (browser, renderer, workers' process), in MB. */
export function chromiumRssMb(): number {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MARKER)) continue;
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // the process ended between listing and reading
    }
  }
  return kb / 1024;
}
