// Validation throughput over the protocol's reference data set (4,389 linked events of 100
// pipeline iterations), on one core: one Node thread, no workers. `npm run bench:validate`.
// Baselines measured in the same run: JSON.parse alone, and a generic zod schema of the envelope
// only, so the figures can be compared across machines as ratios.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { z } from 'zod';
import { validateCdEvent, validateEiffelEvent } from '../index.js';
import { cdeventsConformanceExamples, fixturesDir } from '../testing/conformance-examples.js';

const file = `${fixturesDir()}/eiffel/reference-data/generated-100-iterations.json`;
const events = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
const bodies = events.map((event) => JSON.stringify(event));

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const envelope = z.object({
  meta: z.object({ id: uuid, type: z.string(), version: z.string(), time: z.int() }),
  data: z.record(z.string(), z.unknown()),
  links: z.array(z.object({ type: z.string(), target: uuid, domainId: z.string().optional() })),
});

// CDEvents: every conformance example of the three releases (129 events, every type once).
const cdevents = cdeventsConformanceExamples().map(({ event }) => event as unknown);
const cdeventBodies = cdevents.map((event) => JSON.stringify(event));

/** Events per second of `check` over a data set: best of `runs` timed passes after a warm-up. */
function measure(
  name: string,
  check: (i: number) => boolean,
  count = events.length,
  runs = 7,
  passes = Math.ceil(43_890 / count),
): number {
  for (let i = 0; i < count; i++) if (!check(i)) throw new Error(`${name}: event ${i} rejected`);
  let best = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    for (let pass = 0; pass < passes; pass++) for (let i = 0; i < count; i++) check(i);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, (passes * count) / seconds);
  }
  console.log(`${name.padEnd(44)} ${Math.round(best).toLocaleString('en-US').padStart(12)} events/s`);
  return best;
}

console.log(
  `${events.length} events, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one thread`,
);
const parse = measure('baseline: JSON.parse', (i) => JSON.parse(bodies[i] ?? '') !== null);
const env = measure('baseline: zod envelope only', (i) => envelope.safeParse(events[i]).success);
const full = measure('validateEiffelEvent (definition + links)', (i) => validateEiffelEvent(events[i]).ok);
const both = measure(
  'JSON.parse + validateEiffelEvent',
  (i) => validateEiffelEvent(JSON.parse(bodies[i] ?? '')).ok,
);
console.log(
  `ratios: full/envelope ${(full / env).toFixed(2)}, parse+full/JSON.parse ${(both / parse).toFixed(2)}; goal 50,000 events/s: ${full >= 50_000 ? 'met' : 'NOT met'}`,
);
const cdParse = measure(
  'baseline: JSON.parse (CDEvents examples)',
  (i) => JSON.parse(cdeventBodies[i] ?? '') !== null,
  cdevents.length,
);
const cdFull = measure(
  'validateCdEvent (type schema, 129 types)',
  (i) => validateCdEvent(cdevents[i]).ok,
  cdevents.length,
);
const cdBoth = measure(
  'JSON.parse + validateCdEvent',
  (i) => validateCdEvent(JSON.parse(cdeventBodies[i] ?? '')).ok,
  cdevents.length,
);
console.log(
  `CDEvents ratios: parse+full/JSON.parse ${(cdBoth / cdParse).toFixed(2)}, full/Eiffel full ${(cdFull / full).toFixed(2)}; goal 50,000 events/s: ${cdFull >= 50_000 ? 'met' : 'NOT met'}`,
);
