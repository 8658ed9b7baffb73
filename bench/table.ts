export interface BenchRow {
  measured: string;
  size: string;
  medianMs: number;
  throughput: string;
  peakMemory: string;
  reference?: string;
  ratio?: string;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export function printTable(rows: BenchRow[]): void {
  const header = ['measured', 'size', 'median', 'throughput', 'peak memory', 'reference (same run)', 'ratio'];
  printGrid(header, rows.map((r) => [r.measured, r.size, Number.isFinite(r.medianMs) ? `${(r.medianMs / 1000).toFixed(2)} s` : '—', r.throughput, r.peakMemory, r.reference ?? '—', r.ratio ?? '—']));
}

/** A Markdown table of text cells, columns padded to their widest cell. */
export function printGrid(header: string[], cells: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
