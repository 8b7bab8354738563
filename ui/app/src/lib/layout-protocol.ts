// Messages between the graph view and its layout worker.

export interface LayoutRequest {
  readonly seq: number;
  readonly nodes: readonly { id: string; time: number | null }[];
  /** From the earlier event (a link's target) to the later (its source): time flows left to right. */
  readonly edges: readonly { from: string; to: string }[];
  /** `flow`: layered by the links (dagre); `time`: columns in time order, rows from the layers. */
  readonly mode: 'flow' | 'time';
}

export interface LayoutAnswer {
  readonly seq: number;
  readonly positions: Record<string, { x: number; y: number }>;
  readonly ms: number;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 42;
