import dagre from '@dagrejs/dagre';
import { DAG, type TaskId } from './dag.ts';

export const NODE_WIDTH = 136;
export const NODE_HEIGHT = 44;

/** An edge, and whether it wraps from the end of the first band to the start of the second. */
export interface DagEdge {
  source: TaskId;
  target: TaskId;
  wraps: boolean;
}

export interface LaidOutDag {
  positions: Record<TaskId, { x: number; y: number }>;
  edges: DagEdge[];
  width: number;
  height: number;
}

// The first band runs up to the comparison; the second, from the gate, holds the branches.
const SECOND_BAND_FROM: TaskId = 'gate';
const BAND_GAP = 30;
/** Room left between the wrapping edge's level run and the second band's top-most node. */
const WRAP_CLEARANCE = 12;
const MARGIN = 8;

/** One band laid out left to right by dagre, its positions the nodes' top-left corners from 0, 0. */
function layOutBand(ids: TaskId[], ranksep: number): { positions: Map<TaskId, { x: number; y: number }>; width: number; height: number } {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 16, edgesep: 24, ranksep, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  // The pass branch is the main lane: weighted, dagre keeps gate → register → promote → notify on one
  // line, with shadow and reject on lanes beside it.
  const straight = new Set(['gate>register', 'register>promote', 'promote>notify']);
  for (const task of DAG) {
    if (!ids.includes(task.id)) continue;
    for (const source of task.upstream) if (ids.includes(source)) graph.setEdge(source, task.id, { weight: straight.has(`${source}>${task.id}`) ? 8 : 1 });
  }
  dagre.layout(graph);
  const positions = new Map(
    ids.map((id) => {
      const node = graph.node(id);
      return [id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 }];
    }),
  );
  const { width = 0, height = 0 } = graph.graph();
  return { positions, width, height };
}

/**
 * The DAG laid out left to right by dagre (the layered layout Airflow's graph view uses), once: the
 * tasks never change, only their states. Left to right in two bands, like lines of text: the chain
 * up to the comparison, then the gate and its branches on lanes of their own, so the graph is wide
 * and short and every edge is one straight line, but the one that wraps from the first band to the
 * second. Positions are the nodes' top-left corners.
 */
function layOut(): LaidOutDag {
  const cut = DAG.findIndex((t) => t.id === SECOND_BAND_FROM);
  const first = layOutBand(DAG.slice(0, cut).map((t) => t.id), 22);
  // Wider steps after the gate: its edges carry "pass" and "fail".
  const second = layOutBand(DAG.slice(cut).map((t) => t.id), 44);
  // The wrapping edge runs level halfway between the first band's bottom and the gate's top: far enough
  // below the gate's top that a node of the second band standing higher than the gate stays clear of it.
  const gateDrop = second.positions.get(SECOND_BAND_FROM)!.y;
  const secondTop = MARGIN + first.height + Math.max(BAND_GAP, gateDrop + 2 * WRAP_CLEARANCE);
  const positions = Object.fromEntries(
    DAG.map((task, i) => {
      const p = (i < cut ? first : second).positions.get(task.id)!;
      return [task.id, { x: MARGIN + p.x, y: (i < cut ? MARGIN : secondTop) + p.y }];
    }),
  ) as Record<TaskId, { x: number; y: number }>;
  const band = (id: TaskId): number => (DAG.findIndex((t) => t.id === id) < cut ? 0 : 1);
  const edges = DAG.flatMap((task) => task.upstream.map((source) => ({ source, target: task.id, wraps: band(source) !== band(task.id) })));
  return { positions, edges, width: 2 * MARGIN + Math.max(first.width, second.width), height: secondTop + second.height + MARGIN };
}

export const DAG_LAYOUT: LaidOutDag = layOut();
