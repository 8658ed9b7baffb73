import { memo, useEffect, useRef, useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, getStraightPath, Handle, MarkerType, Position, ReactFlow, type Edge, type EdgeProps, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { taskSpec, type TaskId } from '../../core/pipeline/dag.ts';
import type { TaskInstance, TaskState } from '../../core/pipeline/runState.ts';
import { navigate, runHref } from '../route.ts';
import { nodeLine } from '../../core/report/svg.ts';
import { DAG_LAYOUT, NODE_HEIGHT, NODE_WIDTH } from '../../core/pipeline/dagLayout.ts';
import { STATE_LOOK } from './taskStates.ts';

type TaskNodeData = { task: TaskInstance; runId: string | null; selected: boolean };
type TaskNode = Node<TaskNodeData, 'task'>;

/** A task: its name and state, filled with the state's colour; a button that opens its details. */
function TaskNodeView({ data }: NodeProps<TaskNode>) {
  const { task, runId, selected } = data;
  const look = STATE_LOOK[task.state];
  const line = nodeLine(task);
  return (
    <>
      <Handle type="target" id="left" position={Position.Left} isConnectable={false} className="dag-handle" />
      <Handle type="target" id="top" position={Position.Top} isConnectable={false} className="dag-handle" />
      <button
        type="button"
        className={`dag-node dag-node-${task.state}${selected ? ' dag-node-selected' : ''}`}
        style={{ background: look.soft, borderColor: task.state === 'none' ? undefined : look.strong, width: NODE_WIDTH, height: NODE_HEIGHT }}
        aria-label={`${task.id}: ${line}`}
        aria-pressed={selected}
        data-task={task.id}
        data-state={task.state}
        title={taskSpec(task.id).description}
        disabled={runId === null}
        onClick={() => runId && navigate(runHref(runId, selected ? null : task.id))}
      >
        <span className="dag-node-name">{task.id}</span>
        <span className="dag-node-state">
          <span className="dag-node-dot" style={{ background: look.strong }} aria-hidden="true" />
          {line}
        </span>
      </button>
      <Handle type="source" id="right" position={Position.Right} isConnectable={false} className="dag-handle" />
      <Handle type="source" id="bottom" position={Position.Bottom} isConnectable={false} className="dag-handle" />
    </>
  );
}

const nodeTypes = { task: TaskNodeView };

/**
 * A straight edge whose label is HTML over the graph. React Flow's own label measures its SVG text as it
 * mounts (getBBox), which had the browser lay out the whole Pipeline page inside the task that drew the
 * graph: 67 ms of a 121 ms task on a workspace of a year of runs.
 */
function LabelledEdge({ id, sourceX, sourceY, targetX, targetY, label, style, markerEnd }: EdgeProps) {
  const [path, labelX, labelY] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  return (
    <>
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />
      <EdgeLabelRenderer>
        <div className="dag-edge-label" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const edgeTypes = { labelled: LabelledEdge };

// The gate's two sides are named on its edges.
const EDGE_LABELS: Partial<Record<`${TaskId}>${TaskId}`, string>> = { 'gate>register': 'pass', 'gate>reject': 'fail' };

// React Flow's default descriptions speak of selecting, moving and deleting, which this graph does not do.
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Each task is a button that opens its details.',
  'edge.a11yDescription.default': 'An arrow leads from a task to a task that runs after it.',
};

const doneStates: TaskState[] = ['success', 'failed', 'upstream_failed', 'skipped'];

interface Props {
  tasks: TaskInstance[];
  runId: string | null;
  selectedTask: TaskId | null;
  label: string;
}

/** Whether two versions of a run's tasks draw the same: each task's id, state and line (a log line added changes neither). */
const sameTasksDrawn = (a: TaskInstance[], b: TaskInstance[]): boolean =>
  a === b || (a.length === b.length && a.every((t, i) => t.id === b[i]!.id && t.state === b[i]!.state && nodeLine(t) === nodeLine(b[i]!)));

const sameGraph = (a: Props, b: Props): boolean => a.runId === b.runId && a.selectedTask === b.selectedTask && a.label === b.label && sameTasksDrawn(a.tasks, b.tasks);

/**
 * The retraining DAG drawn with React Flow on dagre's layout, each task coloured by its state in the
 * chosen run. Not editable: no dragging, connecting or zooming by wheel, so the page scrolls over it as
 * over any figure. Drawn again only when a task's state or line changes: a run going on is saved about
 * once a second (each log line), and React Flow took every node and edge in again at each save.
 */
export const DagGraph = memo(function DagGraph({ tasks, runId, selectedTask, label }: Props) {
  const nodes: TaskNode[] = tasks.map((task) => ({
    id: task.id,
    type: 'task',
    position: DAG_LAYOUT.positions[task.id],
    data: { task, runId, selected: task.id === selectedTask },
    draggable: false,
    selectable: false,
    connectable: false,
    // React Flow turns pointer events off on a node that is neither draggable nor selectable; its button needs them.
    style: { pointerEvents: 'all' },
    // The size is fixed: given here, a live update keeps the node measured instead of hiding it (from the
    // eye and from Tab) until React Flow measures it again, which a quick second update could leave undone.
    measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
  }));
  const stateOf = (id: TaskId): TaskState => tasks.find((t) => t.id === id)?.state ?? 'none';
  const edges: Edge[] = DAG_LAYOUT.edges.map(({ source, target, wraps }) => {
    const label = EDGE_LABELS[`${source}>${target}`];
    const walked = doneStates.includes(stateOf(source)) && stateOf(target) !== 'none' && stateOf(target) !== 'skipped';
    const colour = walked ? '#5b6675' : '#c3c9d1';
    return {
      id: `${source}>${target}`,
      source,
      target,
      // Straight within a band; the edge from the first band to the second steps down and back like a line break.
      type: wraps ? 'smoothstep' : label ? 'labelled' : 'straight',
      sourceHandle: wraps ? 'bottom' : 'right',
      targetHandle: wraps ? 'top' : 'left',
      label,
      animated: stateOf(target) === 'running',
      style: { stroke: colour, strokeWidth: 1.5 },
      markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
      focusable: false,
      selectable: false,
    };
  });
  // fitView scales the drawing down to the container's width; the height follows, so no band is left empty.
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const scale = width === null ? 1 : Math.min(1, (width - 16) / DAG_LAYOUT.width);
  return (
    <div ref={box} className="dag-graph" role="group" aria-label={label} style={{ height: Math.ceil(DAG_LAYOUT.height * scale) + 16 }}>
      {width !== null && (
        <ReactFlow
          // Drawn once the width is known, and again when it changes: fitView runs when the flow starts.
          key={Math.round(scale * 100)}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          fitViewOptions={{ padding: 0.02, maxZoom: 1 }}
          minZoom={0.4}
          maxZoom={1}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          panOnDrag={false}
          zoomOnScroll={false}
          zoomOnPinch={false}
          zoomOnDoubleClick={false}
          preventScrolling={false}
          disableKeyboardA11y
          ariaLabelConfig={ARIA_LABELS}
        />
      )}
    </div>
  );
}, sameGraph);
