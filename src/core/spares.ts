/**
 * Takes out of `spares` a buffer of at least `bytes` and at most an eighth more, so a small array never keeps a
 * large buffer alive; undefined when none fits. The buffer pools of the drift check choose their spares by it.
 */
export function takeSpare(spares: ArrayBuffer[], bytes: number): ArrayBuffer | undefined {
  const at = spares.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes + bytes / 8);
  return at < 0 ? undefined : spares.splice(at, 1)[0];
}
