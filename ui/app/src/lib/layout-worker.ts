/// <reference lib="webworker" />
import dagre from '@dagrejs/dagre';
import { layeredLayout } from './layered-layout.js';
import { NODE_HEIGHT, NODE_WIDTH, type LayoutAnswer, type LayoutRequest } from './layout-protocol.js';

/** Above this many events the fast layered layout replaces dagre (see layered-layout.ts). */
const DAGRE_MAX_NODES = 400;

// Lays the graph out off the main thread, so a graph of thousands of events never freezes the page.

function flowLayout(request: LayoutRequest): LayoutAnswer['positions'] {
  if (request.nodes.length > DAGRE_MAX_NODES) {
    return layeredLayout(
      { ids: request.nodes.map((node) => node.id), edges: request.edges },
      { columnWidth: NODE_WIDTH + 60, rowHeight: NODE_HEIGHT + 14 },
    );
  }
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 60, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of request.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of request.edges) {
    if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to);
  }
  dagre.layout(graph);
  const positions: LayoutAnswer['positions'] = {};
  for (const node of request.nodes) {
    const placed = graph.node(node.id) as { x: number; y: number } | undefined;
    positions[node.id] = { x: placed?.x ?? 0, y: placed?.y ?? 0 };
  }
  return positions;
}

function layout(request: LayoutRequest): LayoutAnswer['positions'] {
  const positions = flowLayout(request);
  if (request.mode === 'time') {
    // Columns in time order (one per distinct time, events never arriving last); rows stay dagre's.
    const times = [...new Set(request.nodes.map((node) => node.time ?? Number.MAX_SAFE_INTEGER))].sort(
      (a, b) => a - b,
    );
    const column = new Map(times.map((time, index) => [time, index]));
    const taken = new Set<string>();
    for (const node of request.nodes) {
      const position = positions[node.id];
      if (position === undefined) continue;
      const x = (column.get(node.time ?? Number.MAX_SAFE_INTEGER) ?? 0) * (NODE_WIDTH + 40) + 20;
      let y = position.y;
      // Two events at one time and one row: the later one moves down a row.
      while (taken.has(`${x}:${y}`)) y += NODE_HEIGHT + 14;
      taken.add(`${x}:${y}`);
      positions[node.id] = { x, y };
    }
  }
  return positions;
}

self.onmessage = (message: MessageEvent<LayoutRequest>) => {
  const started = performance.now();
  const positions = layout(message.data);
  const answer: LayoutAnswer = { seq: message.data.seq, positions, ms: performance.now() - started };
  self.postMessage(answer);
};
