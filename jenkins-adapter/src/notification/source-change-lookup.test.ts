import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { ApiSourceChangeLookup } from './source-change-lookup.js';

const COMMIT = '9f1c2e7d4b8a6c5e3f2a1b0c9d8e7f6a5b4c3d2e';

/** A real logger whose warnings the test reads back. */
function recordingLogger() {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = JSON.parse(chunk.toString()) as { level: number; msg: string };
      if (line.level === 40) warnings.push(line.msg);
      done();
    },
  });
  return { warnings, logger: createLogger({ name: 'lookup-test', level: 'warn', destination }) };
}

const page = (ids: string[]) =>
  new Response(
    JSON.stringify({
      pageNo: 1,
      pageSize: 1,
      totalNumberItems: ids.length,
      items: ids.map((id) => ({ meta: { id } })),
    }),
    { headers: { 'content-type': 'application/json' } },
  );

describe('ApiSourceChangeLookup', () => {
  it('asks for the submitted change first, then the created one, with the token', async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const { logger } = recordingLogger();
    const lookup = new ApiSourceChangeLookup({
      apiUrl: 'http://api.example.com:8080',
      apiToken: 'tok',
      logger,
      fetch: (input, init) => {
        asked.push({
          url: input instanceof Request ? input.url : input.toString(),
          auth: new Headers(init?.headers).get('authorization'),
        });
        return Promise.resolve(page(asked.length === 1 ? [] : ['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0']));
      },
    });
    expect(await lookup.find(COMMIT)).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0');
    expect(asked.map((call) => new URL(call.url).searchParams.get('meta.type'))).toEqual([
      'EiffelSourceChangeSubmittedEvent',
      'EiffelSourceChangeCreatedEvent',
    ]);
    expect(new URL(asked[0]?.url ?? '').searchParams.get('data.gitIdentifier.commitId')).toBe(COMMIT);
    expect(asked[0]?.auth).toBe('Bearer tok');
  });

  it('resolves undefined with a warning when the API is unreachable or refuses', async () => {
    for (const answer of [
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.resolve(new Response('{}', { status: 400 })),
    ]) {
      const { logger, warnings } = recordingLogger();
      const lookup = new ApiSourceChangeLookup({ apiUrl: 'http://127.0.0.1:1', logger, fetch: answer });
      expect(await lookup.find(COMMIT)).toBeUndefined();
      expect(warnings).toEqual([expect.stringContaining('no CAUSE link')]);
    }
  });

  it('resolves undefined, quietly, when the graph has no change of the commit', async () => {
    const { logger, warnings } = recordingLogger();
    const lookup = new ApiSourceChangeLookup({
      apiUrl: 'http://x',
      logger,
      fetch: () => Promise.resolve(page([])),
    });
    expect(await lookup.find(COMMIT)).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});
