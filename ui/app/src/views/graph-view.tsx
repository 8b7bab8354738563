import type { LeadTimeAnswer, StoredEvent, TraversalAnswer } from '@tracey/api/contract';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Answer, EventLink, Field, Link, TypeBadge } from '../components.js';
import { apiGet } from '../lib/api.js';
import { formatTime } from '../lib/format.js';
import { formValues } from '../lib/dom.js';
import { EMPTY_GRAPH, mergeAnswers, type GraphData, type GraphNode } from '../lib/graph-data.js';
import type { LayoutAnswer, LayoutRequest } from '../lib/layout-protocol.js';
import { href, navigate } from '../lib/router.js';
import { useApi, type Loaded } from '../lib/use-api.js';
import { GraphCanvas } from './graph-canvas.js';
import { LeadTimeSteps } from './lead-time-view.js';

// The event graph: upstream and downstream of one event, drawn left to right, expandable in place;
// pick two events for the lead time between them, the path highlighted.

const DEPTHS = ['1', '2', '3', '5', '10', '25', 'unbounded'];
// Each direction is cut here (the count says so): 4,000 events at most stay usable on a canvas.
const PER_DIRECTION = 2000;

type Direction = 'both' | 'upstream' | 'downstream';

function traversals(id: string, direction: Direction, depth: string, signal: AbortSignal) {
  const ask = (which: 'upstream' | 'downstream') =>
    apiGet<TraversalAnswer>(
      `/events/${encodeURIComponent(id)}/${which}`,
      { maxDepth: depth, limit: PER_DIRECTION },
      signal,
    );
  return Promise.all(direction === 'both' ? [ask('upstream'), ask('downstream')] : [ask(direction)]);
}

/**
 * Lays out the graph in the worker. Only the layout of the nodes given now is returned: while the
 * worker lays out new ones, null (never positions of an earlier graph for the new nodes).
 */
function useLayout(nodes: readonly GraphNode[], edges: LayoutRequest['edges'], mode: 'flow' | 'time') {
  const worker = useRef<Worker | null>(null);
  const counter = useRef(0);
  const [answer, setAnswer] = useState<LayoutAnswer | null>(null);
  // A new number for each new input, known in the same render as the input.
  const seq = useMemo(() => (counter.current += 1), [nodes, edges, mode]);
  useEffect(() => {
    const instance = new Worker(new URL('../lib/layout-worker.ts', import.meta.url), { type: 'module' });
    instance.onmessage = (message: MessageEvent<LayoutAnswer>) => setAnswer(message.data);
    worker.current = instance;
    return () => instance.terminate();
  }, []);
  useEffect(() => {
    const request: LayoutRequest = {
      seq,
      nodes: nodes.map((node) => ({ id: node.id, time: node.time })),
      edges,
      mode,
    };
    worker.current?.postMessage(request);
  }, [seq]);
  return answer?.seq === seq ? answer : null;
}

export function GraphView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const id = params.get('id') ?? '';
  const direction = (params.get('dir') ?? 'both') as Direction;
  const depth = params.get('depth') ?? '3';
  const mode = params.get('layout') === 'time' ? 'time' : 'flow';
  const hidden = useMemo(
    () => new Set((params.get('hide') ?? '').split(',').filter(Boolean)),
    [params.get('hide')],
  );
  const from = params.get('from');
  const to = params.get('to');
  const [graph, setGraph] = useState<GraphData>(EMPTY_GRAPH);
  const [loaded, setLoaded] = useState<Loaded<true>>({ state: 'idle' });
  const [selected, setSelected] = useState<string | null>(null);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);
  // The table is built when opened: thousands of rows nobody looks at would cost the drawing.
  const [tableOpen, setTableOpen] = useState(false);
  const askedAt = useRef(0);

  const set = (changes: Record<string, string | null>, replace = false) => {
    const next = Object.fromEntries(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === '') delete next[name];
      else next[name] = value;
    }
    navigate(href('graph', next), replace);
  };

  useEffect(() => {
    if (id === '') return undefined;
    const abort = new AbortController();
    askedAt.current = performance.now();
    setLoaded({ state: 'loading' });
    setSelected(id);
    traversals(id, direction, depth, abort.signal).then(
      (answers) => {
        setGraph(mergeAnswers(EMPTY_GRAPH, answers));
        setLoaded({ state: 'done', data: true });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setLoaded({ state: 'failed', error: error as Error });
      },
    );
    return () => abort.abort();
  }, [id, direction, depth, retry]);

  const linkTypes = useMemo(
    () => [...new Set([...graph.edges.values()].map((edge) => edge.linkType))].sort(),
    [graph],
  );

  // What is drawn: the links of the types shown, and the events still reached from the root by them.
  const visible = useMemo(() => {
    const edges = [...graph.edges.values()].filter((edge) => !hidden.has(edge.linkType));
    const reached = new Set([id]);
    const neighbours = new Map<string, string[]>();
    for (const edge of edges) {
      neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
      neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
    }
    const queue = [id];
    while (queue.length > 0) {
      for (const next of neighbours.get(queue.pop() ?? '') ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    const nodes = [...graph.nodes.values()].filter((node) => reached.has(node.id));
    const shownEdges = edges.filter((edge) => reached.has(edge.source) && reached.has(edge.target));
    return { nodes, edges: shownEdges };
  }, [graph, hidden, id]);
  const layoutEdges = useMemo(
    () => visible.edges.map((edge) => ({ from: edge.target, to: edge.source })),
    [visible],
  );
  const layout = useLayout(visible.nodes, layoutEdges, mode);

  const leadTime = useApi<LeadTimeAnswer>(
    from !== null && to !== null ? '/lead-time' : null,
    { from, to },
    retry,
  );
  const path = useMemo(
    () => new Set(leadTime.state === 'done' ? leadTime.data.path.map((step) => step.id) : []),
    [leadTime],
  );

  const expand = async (node: string) => {
    const answers = await traversals(node, 'both', '1', new AbortController().signal);
    setGraph((current) => mergeAnswers(current, answers));
  };

  /** Picks an event as one end of the lead time; two picked: the earlier is `from`. */
  const pick = (node: string) => {
    const first = from ?? to;
    if (first === null || (from !== null && to !== null)) {
      set({ from: node, to: null });
      return;
    }
    const a = graph.nodes.get(first)?.time ?? 0;
    const b = graph.nodes.get(node)?.time ?? 0;
    set(a <= b ? { from: first, to: node } : { from: node, to: first });
  };

  const onDrawn = (ms: number) => {
    setDrawnMs(ms);
    performance.mark('tracey:graph-drawn', {
      detail: {
        nodes: visible.nodes.length,
        layoutMs: layout?.ms ?? null,
        drawMs: ms,
        sinceAskedMs: performance.now() - askedAt.current,
      },
    });
  };

  if (id === '') {
    return (
      <section>
        <h1>Event graph</h1>
        <p>
          Open an event from <Link view="find">Find</Link>, or give its id:
        </p>
        <form
          onSubmit={(event) => (
            event.preventDefault(),
            set({ id: formValues(event.currentTarget)['id'] ?? '' })
          )}
        >
          <Field label="Event id">
            <input name="id" class="mono" required />
          </Field>
          <button type="submit">Open</button>
        </form>
      </section>
    );
  }

  const selectedNode = selected === null ? undefined : graph.nodes.get(selected);
  return (
    <section class="graph-view" aria-labelledby="graph-title">
      <h1 id="graph-title">
        Event graph of <span class="mono">{id}</span>
      </h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Field label="Direction">
          <select value={direction} onChange={(event) => set({ dir: event.currentTarget.value })}>
            <option value="both">upstream and downstream</option>
            <option value="upstream">upstream (what it came from)</option>
            <option value="downstream">downstream (what came of it)</option>
          </select>
        </Field>
        <Field label="Depth">
          <select value={depth} onChange={(event) => set({ depth: event.currentTarget.value })}>
            {DEPTHS.map((value) => (
              <option key={value} value={value}>
                {value === 'unbounded' ? 'every level' : `${value} level${value === '1' ? '' : 's'}`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Layout">
          <select value={mode} onChange={(event) => set({ layout: event.currentTarget.value }, true)}>
            <option value="flow">by links, left to right</option>
            <option value="time">on a time axis</option>
          </select>
        </Field>
        <fieldset class="link-types">
          <legend>Link types</legend>
          {linkTypes.map((type) => (
            <label key={type}>
              <input
                type="checkbox"
                checked={!hidden.has(type)}
                onChange={() => {
                  const next = new Set(hidden);
                  if (next.has(type)) next.delete(type);
                  else next.add(type);
                  set({ hide: [...next].join(',') }, true);
                }}
              />
              {type}
            </label>
          ))}
        </fieldset>
      </form>

      <Answer loaded={loaded}>
        {() => (
          <>
            <p class="muted" data-testid="graph-count" role="status">
              {visible.nodes.length} events, {visible.edges.length} links
              {graph.truncatedBy.has('limit') ? ` — cut at ${PER_DIRECTION} events per direction` : ''}
              {graph.truncatedBy.has('maxDepth') ? ' — more beyond this depth' : ''}
              {layout === null ? ' — laying out…' : ` — laid out in ${Math.round(layout.ms)} ms`}
              {drawnMs === null ? '' : `, drawn in ${Math.round(drawnMs)} ms`}
            </p>
            <div class="graph-layout">
              {layout === null ? (
                <div class="graph-canvas placeholder-canvas" aria-busy="true" />
              ) : (
                <GraphCanvas
                  nodes={visible.nodes}
                  edges={visible.edges}
                  positions={layout.positions}
                  root={id}
                  selected={selected}
                  path={path}
                  onSelect={setSelected}
                  onDrawn={onDrawn}
                />
              )}
              <aside class="panel" aria-label="selected event">
                {selectedNode === undefined ? (
                  <p class="muted">Click an event to see it.</p>
                ) : (
                  <EventPanel
                    node={selectedNode}
                    isRoot={selectedNode.id === id}
                    onExpand={() => void expand(selectedNode.id)}
                    onPick={() => pick(selectedNode.id)}
                    picked={selectedNode.id === from ? 'from' : selectedNode.id === to ? 'to' : null}
                    retry={retry}
                  />
                )}
              </aside>
            </div>
            {from !== null || to !== null ? (
              <section class="lead-time-panel" aria-label="lead time">
                <h2>Lead time</h2>
                {to === null ? (
                  <p>
                    From <EventLink id={from ?? ''} />: pick a second event.
                  </p>
                ) : (
                  <Answer loaded={leadTime}>{(answer) => <LeadTimeSteps answer={answer} />}</Answer>
                )}
                <button type="button" onClick={() => set({ from: null, to: null })}>
                  Clear the pick
                </button>
              </section>
            ) : null}
            <details class="node-table" onToggle={(event) => setTableOpen(event.currentTarget.open)}>
              <summary>The {visible.nodes.length} events as a table</summary>
              {tableOpen ? (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">time (UTC)</th>
                      <th scope="col">type</th>
                      <th scope="col">outcome</th>
                      <th scope="col">depth</th>
                      <th scope="col">id</th>
                      <th scope="col">
                        <span class="visually-hidden">actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...visible.nodes]
                      .sort((a, b) => (a.time ?? 0) - (b.time ?? 0))
                      .map((node) => (
                        <tr key={node.id} class={path.has(node.id) ? 'on-path' : undefined}>
                          <td class="nowrap">{formatTime(node.time)}</td>
                          <td>
                            <TypeBadge type={node.type} />
                          </td>
                          <td>{node.outcome ?? ''}</td>
                          <td>{node.depth}</td>
                          <td class="mono">{node.id}</td>
                          <td class="nowrap">
                            <button type="button" class="small" onClick={() => setSelected(node.id)}>
                              show
                            </button>{' '}
                            <button
                              type="button"
                              class="small"
                              onClick={() => pick(node.id)}
                              data-pick={node.id}
                            >
                              pick for lead time
                            </button>
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              ) : null}
            </details>
          </>
        )}
      </Answer>
    </section>
  );
}

function EventPanel(props: {
  node: GraphNode;
  isRoot: boolean;
  onExpand: () => void;
  onPick: () => void;
  picked: 'from' | 'to' | null;
  retry: number;
}) {
  const { node } = props;
  const event = useApi<StoredEvent>(
    node.placeholder ? null : `/events/${encodeURIComponent(node.id)}`,
    {},
    props.retry,
  );
  const isChange = /SourceChange|\.change\./.test(node.type ?? '');
  return (
    <div data-testid="event-panel">
      <h2>
        <TypeBadge type={node.type} />
      </h2>
      <dl>
        <dt>id</dt>
        <dd class="mono">{node.id}</dd>
        <dt>time</dt>
        <dd>{formatTime(node.time)}</dd>
        {node.outcome === null ? null : (
          <>
            <dt>outcome</dt>
            <dd>{node.outcome}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        {node.placeholder ? null : (
          <button type="button" onClick={props.onExpand}>
            Expand one level
          </button>
        )}
        <button type="button" onClick={props.onPick} aria-pressed={props.picked !== null}>
          {props.picked === null ? 'Pick for lead time' : `Picked (${props.picked})`}
        </button>
        {props.isRoot ? null : (
          <Link view="graph" params={{ id: node.id }}>
            Open as root
          </Link>
        )}
        <Link view={isChange ? 'change' : 'release'} params={{ id: node.id }}>
          {isChange ? 'Where it went' : 'What is in it'}
        </Link>
      </div>
      {node.placeholder ? (
        <p class="muted">Linked to, but never arrived.</p>
      ) : (
        <Answer loaded={event}>
          {(data) => (
            <pre class="json" tabIndex={0} aria-label="the event as JSON">
              {JSON.stringify(data, null, 2)}
            </pre>
          )}
        </Answer>
      )}
    </div>
  );
}
