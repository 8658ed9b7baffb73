/**
 * The metrics name classes by index ("class 3 is never predicted"); people read the labels of their
 * data. Indices that are not classes of this model are left as they are.
 */
export function namedClasses(warning: string, classes: readonly string[] | null): string {
  if (!classes) return warning;
  return warning.replace(/\bclass (\d+(?:, \d+)*)\b/g, (whole, list: string) => {
    const names = list.split(', ').map((i) => classes[Number(i)]);
    return names.every((n) => n !== undefined) ? `class ${names.map((n) => `"${n}"`).join(', ')}` : whole;
  });
}
