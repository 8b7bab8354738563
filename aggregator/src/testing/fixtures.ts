import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The shared fixtures live beside the repository (read in place, never copied); override with
// TRACEY_FIXTURES_DIR.
const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');

/** An event as the fixtures hold it: only what the counts need is typed. */
export interface FixtureEvent {
  readonly meta: { readonly id: string; readonly type: string; readonly time: number };
  readonly links: readonly { readonly type: string; readonly target: string }[];
}

function readEvents(path: string): FixtureEvent[] {
  return JSON.parse(readFileSync(`${fixturesDir}/${path}`, 'utf8')) as FixtureEvent[];
}

/** The official Eiffel example flows by name. Each is a graph of its own: they reuse event ids. */
export function officialFlows(): Map<string, FixtureEvent[]> {
  const flows = readdirSync(`${fixturesDir}/eiffel/examples/flows`).sort();
  return new Map(flows.map((flow) => [flow, readEvents(`eiffel/examples/flows/${flow}/events.json`)]));
}

/** The protocol's reference data set: 4,389 events, 7,499 links. */
export function referenceData(): FixtureEvent[] {
  return readEvents('eiffel/reference-data/generated-100-iterations.json');
}
