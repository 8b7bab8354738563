import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The fixtures beside the repository (`../shared/fixtures`), or `TRACEY_FIXTURES_DIR`. */
export function fixturesDir(): string {
  return (
    process.env['TRACEY_FIXTURES_DIR'] ??
    fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
  ).replace(/\/$/, '');
}

/** The CDEvents spec releases whose conformance examples the fixtures hold. */
export const CONFORMANCE_RELEASES = ['v0.3.0', 'v0.4.1', 'v0.5.1'] as const;

/** A conformance example as JSON: a CDEvent of any release. */
export interface ConformanceEvent extends Record<string, unknown> {
  context: Record<string, unknown> & { id: string; type: string; source: string; timestamp: string };
  subject: Record<string, unknown> & { id: string; content: Record<string, unknown> };
}

export interface ConformanceExample {
  readonly release: (typeof CONFORMANCE_RELEASES)[number];
  /** The file name without `.json`, e.g. `service_deployed`. */
  readonly name: string;
  readonly event: ConformanceEvent;
}

/**
 * Every conformance example of the three releases (129, every type once per release), read
 * fresh. The examples share one context id: `id` gives each its own, for tests that store them
 * together.
 */
export function cdeventsConformanceExamples(
  options: { readonly id?: (release: string, name: string) => string } = {},
): ConformanceExample[] {
  return CONFORMANCE_RELEASES.flatMap((release) => {
    const dir = `${fixturesDir()}/cdevents/${release}/conformance`;
    return readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const name = file.replace(/\.json$/, '');
        const event = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as ConformanceEvent;
        if (options.id !== undefined) event.context.id = options.id(release, name);
        return { release, name, event };
      });
  });
}
