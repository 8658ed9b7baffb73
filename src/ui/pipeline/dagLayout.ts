import dagre from '@dagrejs/dagre';
import { DAG, type TaskId } from '../../core/pipeline/dag.ts';

export const NODE_WIDTH = 136;
export const NODE_HEIGHT = 44;

export interface LaidOutDag {
  positions: Record<TaskId, { x: number; y: number }>;
  edges: { source: TaskId; target: TaskId }[];
  width: number;
  height: number;
}

/**
 * The DAG laid out left to right by dagre (the layered layout Airflow's graph view uses), once: the
 * tasks never change, only their states. Left to right, the panel's width carries the long chain and
 * the branches after the gate sit on lanes of their own, so every edge is one straight line.
 * Positions are the nodes' top-left corners.
 */
function layOut(): LaidOutDag {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 22, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const task of DAG) graph.setNode(task.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges = DAG.flatMap((task) => task.upstream.map((source) => ({ source, target: task.id })));
  // The pass branch is the main lane: weighted, dagre keeps gate → register → promote → notify on one
  // line, with shadow and reject on lanes beside it.
  const straight = new Set(['gate>register', 'register>promote', 'promote>notify', 'compare>gate']);
  for (const edge of edges) graph.setEdge(edge.source, edge.target, { weight: straight.has(`${edge.source}>${edge.target}`) ? 8 : 1 });
  dagre.layout(graph);
  const positions = Object.fromEntries(
    DAG.map((task) => {
      const node = graph.node(task.id);
      return [task.id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 }];
    }),
  ) as Record<TaskId, { x: number; y: number }>;
  const { width = 0, height = 0 } = graph.graph();
  return { positions, edges, width, height };
}

export const DAG_LAYOUT: LaidOutDag = layOut();
