import { memo } from 'react';
import { taskSpec, type TaskId } from '../../core/pipeline/dag.ts';
import type { TaskInstance, TaskState } from '../../core/pipeline/runState.ts';
import { navigate, runHref } from '../route.ts';
import { nodeLine } from '../../core/report/svg.ts';
import { DAG_LAYOUT, NODE_HEIGHT, NODE_WIDTH, type DagEdge } from '../../core/pipeline/dagLayout.ts';
import { useChartWidth } from '../components/useChartWidth.ts';
import { STATE_LOOK } from './taskStates.ts';

/** Room around the drawing inside its box. */
const PAD = 8;

/** A task: its name and state, filled with the state's colour, at its place in the layout; a button that opens its details. */
function TaskNode({ task, runId, selected }: { task: TaskInstance; runId: string | null; selected: boolean }) {
  const look = STATE_LOOK[task.state];
  const line = nodeLine(task);
  const { x, y } = DAG_LAYOUT.positions[task.id];
  return (
    <button
      type="button"
      className={`dag-node dag-node-${task.state}${selected ? ' dag-node-selected' : ''}`}
      style={{ left: x, top: y, background: look.soft, borderColor: task.state === 'none' ? undefined : look.strong, width: NODE_WIDTH, height: NODE_HEIGHT }}
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
  );
}

// The gate's two sides are named on its edges.
const EDGE_LABELS: Partial<Record<`${TaskId}>${TaskId}`, string>> = { 'gate>register': 'pass', 'gate>reject': 'fail' };

const doneStates: TaskState[] = ['success', 'failed', 'upstream_failed', 'skipped'];
const WALKED = '#5b6675';
const NOT_WALKED = '#c3c9d1';

/**
 * An edge from its source's right side to its target's left, straight; the one that wraps from the first
 * band to the second leaves its source's bottom and steps down to its target's top, like a line break.
 * Where its label goes: above its middle, or above the level run.
 */
function edgeShape({ source, target, wraps }: DagEdge): { d: string; labelAt: [number, number] } {
  const s = DAG_LAYOUT.positions[source];
  const t = DAG_LAYOUT.positions[target];
  if (wraps) {
    const [x1, y1, x2, y2] = [s.x + NODE_WIDTH / 2, s.y + NODE_HEIGHT, t.x + NODE_WIDTH / 2, t.y];
    const mid = (y1 + y2) / 2;
    return { d: `M${x1},${y1}L${x1},${mid}L${x2},${mid}L${x2},${y2}`, labelAt: [(x1 + x2) / 2, mid - 4] };
  }
  const [x1, y1, x2, y2] = [s.x + NODE_WIDTH, s.y + NODE_HEIGHT / 2, t.x, t.y + NODE_HEIGHT / 2];
  return { d: `M${x1},${y1}L${x2},${y2}`, labelAt: [(x1 + x2) / 2, (y1 + y2) / 2 - 4] };
}

/** The edges, dark where the run went along them, moving towards a task that runs; an arrowhead at each target. */
function Edges({ tasks }: { tasks: TaskInstance[] }) {
  const stateOf = (id: TaskId): TaskState => tasks.find((t) => t.id === id)?.state ?? 'none';
  return (
    <svg className="dag-edges" width={DAG_LAYOUT.width} height={DAG_LAYOUT.height} aria-hidden="true">
      <defs>
        {[WALKED, NOT_WALKED].map((colour) => (
          <marker key={colour} id={`dag-arrow-${colour.slice(1)}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10Z" fill={colour} />
          </marker>
        ))}
      </defs>
      {DAG_LAYOUT.edges.map((edge) => {
        const walked = doneStates.includes(stateOf(edge.source)) && stateOf(edge.target) !== 'none' && stateOf(edge.target) !== 'skipped';
        const colour = walked ? WALKED : NOT_WALKED;
        const { d, labelAt } = edgeShape(edge);
        const label = EDGE_LABELS[`${edge.source}>${edge.target}`];
        return (
          <g key={`${edge.source}>${edge.target}`}>
            <path className={stateOf(edge.target) === 'running' ? 'dag-edge-path dag-edge-running' : 'dag-edge-path'} d={d} fill="none" stroke={colour} strokeWidth={1.5} markerEnd={`url(#dag-arrow-${colour.slice(1)})`} />
            {label && (
              <>
                <rect x={labelAt[0] - 14} y={labelAt[1] - 11} width={28} height={14} rx={2} fill="#ffffff" />
                <text x={labelAt[0]} y={labelAt[1]} textAnchor="middle" fontSize={11} fill="#5b6675">
                  {label}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

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
 * The retraining DAG on dagre's layout (src/core/pipeline/dagLayout.ts), each task coloured by its state in
 * the chosen run: plain buttons over an SVG of the edges, scaled down to the box's width, never up. Not a
 * React Flow graph: its nodes measured themselves in the page as they mounted (a forced layout of the
 * whole Pipeline page of a hundred runs), and its store took every node and edge in again at each change.
 * Drawn once the box's width is known, in turn with the charts (useChartWidth); drawn again only when a
 * task's state or line changes: a run going on is saved about once a second (each log line).
 */
export const DagGraph = memo(function DagGraph({ tasks, runId, selectedTask, label }: Props) {
  const [box, width] = useChartWidth();
  const scale = width === null ? 1 : Math.min(1, (width - 2 * PAD) / DAG_LAYOUT.width);
  const left = width === null ? PAD : Math.max(PAD, (width - DAG_LAYOUT.width * scale) / 2);
  return (
    <div ref={box} className="dag-graph" role="group" aria-label={label} style={{ height: Math.ceil(DAG_LAYOUT.height * scale) + 2 * PAD }}>
      {width !== null && (
        <div className="dag-canvas" style={{ width: DAG_LAYOUT.width, height: DAG_LAYOUT.height, transform: `translate(${left}px, ${PAD}px) scale(${scale})` }}>
          <Edges tasks={tasks} />
          {tasks.map((task) => (
            <TaskNode key={task.id} task={task} runId={runId} selected={task.id === selectedTask} />
          ))}
        </div>
      )}
    </div>
  );
}, sameGraph);
