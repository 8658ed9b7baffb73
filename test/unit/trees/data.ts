/** Rows of numbers (null = missing) as the row-major Float32Array a tree fit takes, NaN for missing. */
export function matrixOf(rows: (number | null)[][]): { rows: number; inputs: number; x: Float32Array } {
  const inputs = rows[0]?.length ?? 0;
  const x = new Float32Array(rows.length * inputs);
  rows.forEach((row, i) => row.forEach((v, f) => (x[i * inputs + f] = v ?? NaN)));
  return { rows: rows.length, inputs, x };
}
