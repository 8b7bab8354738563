// A fast layered layout for large graphs (Sugiyama's steps, simply): layers by longest path,
// order within layers by a few barycenter sweeps, rows by that order. dagre's layout of 2,000
// events takes 2.5 s here (its crossing minimisation and coordinate assignment grow fast), this
// one a few tens of ms; dagre stays the layout of graphs small enough to afford its nicer result.

export interface LayeredInput {
  readonly ids: readonly string[];
  /** From earlier to later: a link's target to its source. */
  readonly edges: readonly { from: string; to: string }[];
}

export interface LayeredOptions {
  readonly columnWidth: number;
  readonly rowHeight: number;
  readonly sweeps?: number;
}

export function layeredLayout(
  input: LayeredInput,
  options: LayeredOptions,
): Record<string, { x: number; y: number }> {
  const index = new Map(input.ids.map((id, i) => [id, i]));
  const count = input.ids.length;
  const preds: number[][] = Array.from({ length: count }, () => []);
  const succs: number[][] = Array.from({ length: count }, () => []);
  for (const edge of input.edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    preds[to]?.push(from);
    succs[from]?.push(to);
  }

  // Layers: longest path from the sources (Kahn's order); what a cycle leaves goes last.
  const layer = new Array<number>(count).fill(0);
  const waiting = preds.map((list) => list.length);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (waiting[i] === 0) queue.push(i);
  const seen = new Array<boolean>(count).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] ?? 0;
    seen[node] = true;
    for (const next of succs[node] ?? []) {
      layer[next] = Math.max(layer[next] ?? 0, (layer[node] ?? 0) + 1);
      waiting[next] = (waiting[next] ?? 0) - 1;
      if (waiting[next] === 0) queue.push(next);
    }
  }
  const deepest = Math.max(0, ...layer);
  const order = [...queue];
  for (let i = 0; i < count; i++) {
    if (!seen[i]) {
      layer[i] = deepest + 1;
      order.push(i);
    }
  }

  const layers: number[][] = Array.from({ length: deepest + 2 }, () => []);
  for (const node of order) layers[layer[node] ?? 0]?.push(node);
  const position = new Array<number>(count).fill(0);
  const place = (nodes: number[]) => nodes.forEach((node, i) => (position[node] = i));
  for (const nodes of layers) place(nodes);

  // Barycenter sweeps: left to right by predecessors, right to left by successors.
  const barycenter = (node: number, neighbours: number[][]) => {
    const list = neighbours[node] ?? [];
    if (list.length === 0) return position[node] ?? 0;
    let sum = 0;
    for (const other of list) sum += position[other] ?? 0;
    return sum / list.length;
  };
  const sweeps = options.sweeps ?? 4;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const forward = sweep % 2 === 0;
    const order = forward ? layers.keys() : [...layers.keys()].reverse().values();
    for (const l of order) {
      const nodes = layers[l] ?? [];
      const keys = new Map(nodes.map((node) => [node, barycenter(node, forward ? preds : succs)]));
      nodes.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
      place(nodes);
    }
  }

  // Rows: each layer centred on the widest.
  const widest = Math.max(1, ...layers.map((nodes) => nodes.length));
  const positions: Record<string, { x: number; y: number }> = {};
  layers.forEach((nodes, l) => {
    const offset = ((widest - nodes.length) * options.rowHeight) / 2;
    nodes.forEach((node, i) => {
      positions[input.ids[node] ?? ''] = {
        x: 20 + l * options.columnWidth,
        y: 20 + offset + i * options.rowHeight,
      };
    });
  });
  return positions;
}
