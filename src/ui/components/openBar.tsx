import { createContext, memo, useContext, type ComponentType } from 'react';
import type { BarShapeProps } from 'recharts';

/**
 * The open item (a batch, a run) of a bar chart that outlines its open bar. Read from context, so that
 * opening another item redraws two bars, not the memoised chart around them.
 */
export const OpenBar = createContext<string | null>(null);

/** The outline of the open bar. */
export const openOutline = (open: boolean): { stroke: string; strokeWidth: number } => ({ stroke: open ? '#1c2430' : 'none', strokeWidth: open ? 2 : 0 });

/**
 * A Recharts `shape` for bars whose data points have an `id`: each bar is drawn by `Look` (memoised), told
 * whether it is the open one (OpenBar's id). Made once per chart module, so the shape's identity is stable.
 */
export function openableBar(Look: ComponentType<BarShapeProps & { open: boolean }>): (props: BarShapeProps) => React.JSX.Element {
  const Drawn = memo(Look);
  function Bar(props: BarShapeProps) {
    const open = (props.payload as { id: string }).id === useContext(OpenBar);
    return <Drawn {...props} open={open} />;
  }
  return (props) => <Bar {...props} />;
}
