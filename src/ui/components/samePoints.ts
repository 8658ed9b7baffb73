/** A chart point's field: a plain value, or a few of them (an interval's two ends). */
type Field = string | number | boolean | null | undefined | readonly (string | number | null)[];

const sameField = (a: Field, b: Field): boolean =>
  Object.is(a, b) || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => Object.is(v, b[i])));

/**
 * Whether two lists of chart points hold the same values, point by point and field by field. A chart's
 * points are made again from the rows they come from, and the Monitor's rows are made again whenever a
 * report is stored: a drift check storing reports again for batches drawn (with new record objects, the
 * same values) handed the drift-share chart new data, and Recharts drew all of it again, a second long task.
 */
export function samePoints<P extends Record<keyof P, Field>>(a: readonly P[], b: readonly P[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      const keys = Object.keys(p) as (keyof P)[];
      return keys.length === Object.keys(q).length && keys.every((k) => sameField(p[k], q[k]));
    })
  );
}
