/**
 * The outline of a bar standing on its base, its two top corners rounded by `radius` (less where the bar
 * is narrower or shorter than two radii); null for a bar of no width or height, which draws nothing.
 */
export function roundedTopBar(x: number, y: number, width: number, height: number, radius: number): string | null {
  if (!(width > 0 && height > 0)) return null;
  const r = Math.min(radius, width / 2, height);
  const right = x + width;
  const bottom = y + height;
  return `M${x},${bottom}V${y + r}A${r},${r},0,0,1,${x + r},${y}H${right - r}A${r},${r},0,0,1,${right},${y + r}V${bottom}Z`;
}
