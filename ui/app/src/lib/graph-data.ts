import type { TraversalAnswer } from '@tracey/api/contract';

// The graph the view draws: traversal answers (upstream, downstream, expansions) merged, each
// node once, each link once.

export type GraphNode = TraversalAnswer['nodes'][number];
export type GraphEdge = TraversalAnswer['edges'][number];

export interface GraphData {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly edges: ReadonlyMap<string, GraphEdge>;
  /** Whether any answer was cut short, and by what. */
  readonly truncatedBy: ReadonlySet<'limit' | 'maxDepth'>;
}

export const EMPTY_GRAPH: GraphData = { nodes: new Map(), edges: new Map(), truncatedBy: new Set() };

export const edgeKey = (edge: GraphEdge) => `${edge.source}>${edge.target}>${edge.linkType}`;

/** `graph` with the answers' nodes and links added; a node keeps the smallest depth seen. */
export function mergeAnswers(graph: GraphData, answers: readonly TraversalAnswer[]): GraphData {
  const nodes = new Map(graph.nodes);
  const edges = new Map(graph.edges);
  const truncatedBy = new Set(graph.truncatedBy);
  for (const answer of answers) {
    for (const node of answer.nodes) {
      const known = nodes.get(node.id);
      if (known === undefined || (known.placeholder && !node.placeholder)) nodes.set(node.id, node);
    }
    for (const edge of answer.edges) edges.set(edgeKey(edge), edge);
    if (answer.truncatedBy !== null) truncatedBy.add(answer.truncatedBy);
  }
  return { nodes, edges, truncatedBy };
}

/** passed / failed / other, from a verdict, conclusion, CDEvents outcome or confidence value. */
export function outcomeClass(outcome: string | null): 'passed' | 'failed' | 'neutral' | null {
  if (outcome === null) return null;
  if (/^(PASSED|SUCCESSFUL|SUCCESS|success|pass)$/i.test(outcome)) return 'passed';
  if (/^(FAILED|UNSUCCESSFUL|FAILURE|failure|fail|error|ABORTED|TIMED_OUT)$/i.test(outcome)) return 'failed';
  return 'neutral';
}
