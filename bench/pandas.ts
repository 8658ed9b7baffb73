import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Whether Debian's python3 has the given modules (the reference implementations of docs/statistics.md). */
export function pythonHas(...modules: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const READ_CSV = `
import sys, time, resource, pandas
t = time.perf_counter(); frame = pandas.read_csv(sys.argv[1]); ms = (time.perf_counter() - t) * 1000
print('{"rows": %d, "ms": %f, "peakRssMb": %f}' % (len(frame), ms, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
`;

export function pandasReadCsv(file: string): { rows: number; ms: number; peakRssMb: number } {
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_CSV, file], { encoding: 'utf8' }));
}
