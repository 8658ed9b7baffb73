import { useCallback, useState } from 'react';

/**
 * Whether the pointer has entered a chart, for mounting its Recharts Tooltip only then (and keeping it). A
 * mounted Tooltip reads its box with getBoundingClientRect as the chart is drawn, a forced layout of the
 * whole page inside that task, and of the panel around it even while that panel is off screen and left
 * out of layout (`content-visibility: auto`). A tooltip shows only under the pointer, so nothing is lost.
 */
export function usePointerEntered(): [boolean, { onPointerEnter: () => void }] {
  const [entered, setEntered] = useState(false);
  const onPointerEnter = useCallback(() => setEntered(true), []);
  return [entered, { onPointerEnter }];
}
