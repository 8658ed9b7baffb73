import { useState } from 'react';

/** `value`, or `kept` (the value used before) while the two are `equal`: the first is new only when they differ. */
export const keptWhileEqual = <T>(kept: T, value: T, equal: (a: T, b: T) => boolean): T => (Object.is(kept, value) || equal(kept, value) ? kept : value);

/**
 * `value` as it was first seen while it stays `equal` to it: what is drawn from it (a chart, the cells of a
 * heatmap) is given the same object and is not drawn again for a copy holding the same values. A new value
 * is taken in the same render.
 */
export function useSame<T>(value: T, equal: (a: T, b: T) => boolean): T {
  const [kept, setKept] = useState(value);
  const used = keptWhileEqual(kept, value, equal);
  if (used !== kept) setKept(used);
  return used;
}
