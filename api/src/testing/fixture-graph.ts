import { readFileSync } from 'node:fs';
import { pipelineGraphVocabulary, toEventRow, type EventGraph, type EventRow } from '@tracey/graph';
import { pipelineProtocol } from '@tracey/schemas';

const FIXTURES = new URL('../../../../shared/fixtures/eiffel/', import.meta.url);
const FILES = [
  'examples/flows/build-avoidance/events.json',
  'examples/flows/confidence-level-joining/events.json',
  'examples/flows/delivery-interface/events.json',
  'reference-data/generated-100-iterations.json',
];

/** One input event as the independent BFS sees it: straight from the JSON. */
export interface InputEvent {
  readonly id: string;
  readonly type: string;
  readonly time: number;
  readonly links: readonly { readonly type: string; readonly target: string }[];
}

interface RawEvent {
  meta: { id: string; type: string; time: number };
  links?: { type: string; target: string }[];
}

/** Every fixture event, first occurrence of an id wins (as in the graph: a later copy is a duplicate or a conflict). */
export function loadInputEvents(): { raw: unknown[]; events: Map<string, InputEvent> } {
  const raw: unknown[] = [];
  const events = new Map<string, InputEvent>();
  for (const file of FILES) {
    for (const event of JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as RawEvent[]) {
      if (events.has(event.meta.id)) continue;
      raw.push(event);
      events.set(event.meta.id, {
        id: event.meta.id,
        type: event.meta.type,
        time: event.meta.time,
        links: event.links ?? [],
      });
    }
  }
  return { raw, events };
}

/** Writes the events (Eiffel or CDEvents) through the aggregator's write path, in batches. */
export async function ingest(graph: EventGraph, raw: readonly unknown[]): Promise<void> {
  const rows: EventRow[] = raw.map((input) => {
    const parsed = pipelineProtocol.parse(input);
    if (!parsed.ok) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.errors)}`);
    return toEventRow(pipelineProtocol, pipelineGraphVocabulary, {
      event: parsed.event,
      verified: parsed.verified,
      raw: input,
    });
  });
  await graph.ensureSchema();
  for (let start = 0; start < rows.length; start += 500) {
    await graph.writeEvents(rows.slice(start, start + 500));
  }
}
