import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';
import { FAMILY_COLOURS, formatTime, shortType, typeFamily } from '../lib/format.js';
import { outcomeClass, type GraphEdge, type GraphNode } from '../lib/graph-data.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../lib/layout-protocol.js';

// The drawing: cytoscape.js on a canvas, positions from the layout worker (`preset`).

export interface CanvasProps {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly positions: Record<string, { x: number; y: number }>;
  readonly root: string;
  readonly selected: string | null;
  readonly path: ReadonlySet<string>;
  readonly onSelect: (id: string | null) => void;
  /** Called once the graph is drawn, with the time it took since the elements were given. */
  readonly onDrawn: (ms: number) => void;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      'background-color': 'data(colour)',
      label: 'data(label)',
      color: '#fff',
      'font-size': 11,
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      'border-width': 0,
      // Labels too small to read are not drawn (zoomed out on a large graph).
      'min-zoomed-font-size': 7,
    },
  },
  // Large graphs: one line, no wrapping to compute (the time is in the panel and the table).
  { selector: 'node.compact', style: { label: 'data(short)', 'text-wrap': 'none' } },
  { selector: 'node.passed', style: { 'border-width': 4, 'border-color': '#4ade80' } },
  {
    selector: 'node.failed',
    style: { 'border-width': 4, 'border-color': '#f87171', 'border-style': 'double' },
  },
  {
    selector: 'node.placeholder',
    style: { 'border-width': 2, 'border-style': 'dashed', 'border-color': '#111' },
  },
  { selector: 'node.root', style: { 'outline-width': 3, 'outline-color': '#0ea5e9', 'outline-offset': 2 } },
  {
    selector: 'node:selected',
    style: { 'overlay-color': '#0ea5e9', 'overlay-opacity': 0.35, 'overlay-padding': 6 },
  },
  {
    selector: 'node.on-path',
    style: { 'underlay-color': '#f59e0b', 'underlay-opacity': 0.9, 'underlay-padding': 7 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      'font-size': 9,
      color: '#334155',
      'text-background-color': '#fff',
      'text-background-opacity': 0.8,
      'text-rotation': 'autorotate',
    },
  },
  { selector: 'edge.labelled', style: { label: 'data(linkType)' } },
  // Large graphs: straight edges draw far faster than curves.
  { selector: 'edge.straight', style: { 'curve-style': 'straight' } },
  {
    selector: 'edge.on-path',
    style: { width: 4, 'line-color': '#f59e0b', 'target-arrow-color': '#f59e0b', label: 'data(linkType)' },
  },
];

function elements(props: CanvasProps): ElementDefinition[] {
  const labelled = props.edges.length <= 400;
  const straight = props.edges.length > 1000;
  const compact = props.nodes.length > 1000;
  const nodes: ElementDefinition[] = props.nodes.map((node) => ({
    group: 'nodes',
    data: {
      id: node.id,
      colour: FAMILY_COLOURS[typeFamily(node.type)],
      short: node.placeholder ? 'never arrived' : shortType(node.type),
      label: node.placeholder
        ? `never arrived\n${node.id.slice(0, 8)}`
        : `${shortType(node.type)}\n${formatTime(node.time).slice(5)}${node.outcome === null ? '' : ` ${node.outcome}`}`,
    },
    position: props.positions[node.id] ?? { x: 0, y: 0 },
    classes: [
      compact ? 'compact' : '',
      outcomeClass(node.outcome) ?? '',
      node.placeholder ? 'placeholder' : '',
      node.id === props.root ? 'root' : '',
      props.path.has(node.id) ? 'on-path' : '',
    ].join(' '),
  }));
  const edges: ElementDefinition[] = props.edges.map((edge) => ({
    group: 'edges',
    data: {
      id: `${edge.source}>${edge.target}>${edge.linkType}`,
      source: edge.source,
      target: edge.target,
      linkType: edge.linkType,
    },
    classes: [
      labelled ? 'labelled' : '',
      straight ? 'straight' : '',
      props.path.has(edge.source) && props.path.has(edge.target) ? 'on-path' : '',
    ].join(' '),
  }));
  return [...nodes, ...edges];
}

/**
 * Zooms to show every event when they are readable so, else to the root at a readable size. From
 * the layout's positions: cytoscape's own fit measures every label (seconds at 2,000 events).
 */
function showAll(
  instance: Core,
  positions: Record<string, { x: number; y: number }>,
  root: { x: number; y: number } | undefined,
): void {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of Object.values(positions)) {
    left = Math.min(left, x - NODE_WIDTH / 2);
    right = Math.max(right, x + NODE_WIDTH / 2);
    top = Math.min(top, y - NODE_HEIGHT / 2);
    bottom = Math.max(bottom, y + NODE_HEIGHT / 2);
  }
  if (!Number.isFinite(left)) return;
  const [width, height] = [instance.width(), instance.height()];
  const fit = Math.min(1.2, (width - 60) / (right - left), (height - 60) / (bottom - top));
  if (fit >= 0.35 || root === undefined) {
    instance.viewport({
      zoom: fit,
      pan: { x: width / 2 - ((left + right) / 2) * fit, y: height / 2 - ((top + bottom) / 2) * fit },
    });
    return;
  }
  // Too many to read at once: start on the root, readable, rather than everything tiny.
  const zoom = 0.6;
  instance.viewport({ zoom, pan: { x: width / 2 - root.x * zoom, y: height / 2 - root.y * zoom } });
}

declare global {
  interface Window {
    /** For browser tests and benchmarks: where a node is drawn, in page pixels. */
    traceyGraph?: { nodeAt(id: string): { x: number; y: number } | null; count(): number };
  }
}

export function GraphCanvas(props: CanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    if (container.current === null) return undefined;
    const instance = cytoscape({
      container: container.current,
      style: STYLE,
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
      selectionType: 'single',
      boxSelectionEnabled: false,
      autoungrabify: true,
      // Large graphs: draw a bitmap while panning and zooming.
      textureOnViewport: true,
      hideEdgesOnViewport: true,
    });
    instance.on('tap', 'node', (event) =>
      handlers.current.onSelect((event.target as cytoscape.NodeSingular).id()),
    );
    instance.on('tap', (event) => {
      if (event.target === instance) handlers.current.onSelect(null);
    });
    cy.current = instance;
    window.traceyGraph = {
      count: () => instance.nodes().length,
      nodeAt: (id) => {
        const node = instance.getElementById(id);
        if (node.empty() || container.current === null) return null;
        const box = container.current.getBoundingClientRect();
        const at = node.renderedPosition();
        return { x: box.left + at.x, y: box.top + at.y };
      },
    };
    return () => {
      instance.destroy();
      cy.current = null;
      delete window.traceyGraph;
    };
  }, []);

  // Elements: replaced when the graph or its layout changes.
  useEffect(() => {
    const instance = cy.current;
    if (instance === null) return;
    const started = performance.now();
    performance.mark('canvas:start');
    instance.batch(() => {
      instance.elements().remove();
      instance.add(elements(props));
    });
    performance.mark('canvas:added');
    showAll(instance, props.positions, props.positions[props.root]);
    performance.mark('canvas:fitted');
    if (props.nodes.length === 0) {
      props.onDrawn(performance.now() - started);
      return;
    }
    instance.one('render', () => {
      performance.mark('canvas:render');
      requestAnimationFrame(() => props.onDrawn(performance.now() - started));
    });
    instance.resize();
    // Only a new graph or layout redraws; selection and path are classes (below).
  }, [props.positions]);

  useEffect(() => {
    const instance = cy.current;
    if (instance === null) return;
    instance.batch(() => {
      instance.elements().removeClass('on-path');
      instance.nodes().forEach((node) => {
        if (props.path.has(node.id())) node.addClass('on-path');
      });
      instance.edges().forEach((edge) => {
        if (props.path.has(edge.source().id()) && props.path.has(edge.target().id()))
          edge.addClass('on-path');
      });
      instance.nodes().unselect();
      if (props.selected !== null) instance.getElementById(props.selected).select();
    });
  }, [props.path, props.selected, props.positions]);

  return (
    <div
      ref={container}
      id="graph-canvas"
      class="graph-canvas"
      role="img"
      aria-label={`Graph of ${props.nodes.length} events and ${props.edges.length} links; the table below lists them.`}
    />
  );
}
