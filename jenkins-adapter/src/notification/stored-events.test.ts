import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@tracey/common';
import { ApiStoredEvents } from './stored-events.js';

const ID = 'd57ce693-611d-5524-a42d-0173c42b9b5d';

function recordingLogger() {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { warnings, logger: createLogger({ name: 'stored-test', level: 'warn', destination }) };
}

describe('ApiStoredEvents', () => {
  it('asks GET /events/:id with the token: 200 is stored, 404 is not', async () => {
    const asked: string[] = [];
    const { logger, warnings } = recordingLogger();
    for (const [status, stored] of [
      [200, true],
      [404, false],
    ] as const) {
      const events = new ApiStoredEvents({
        apiUrl: 'http://api.example.com:8080/',
        apiToken: 'tok',
        logger,
        fetch: (input, init) => {
          asked.push(
            `${input instanceof Request ? input.url : input.toString()} ${new Headers(init?.headers).get('authorization')}`,
          );
          return Promise.resolve(new Response('{}', { status }));
        },
      });
      expect(await events.has(ID)).toBe(stored);
    }
    expect(asked).toEqual([
      `http://api.example.com:8080/events/${ID} Bearer tok`,
      `http://api.example.com:8080/events/${ID} Bearer tok`,
    ]);
    expect(warnings).toEqual([]);
  });

  it('says "not stored", with a warning, when the API fails or cannot be reached', async () => {
    for (const answer of [
      () => Promise.resolve(new Response('{}', { status: 503 })),
      () => Promise.reject(new TypeError('fetch failed')),
    ]) {
      const { logger, warnings } = recordingLogger();
      expect(await new ApiStoredEvents({ apiUrl: 'http://127.0.0.1:1', logger, fetch: answer }).has(ID)).toBe(
        false,
      );
      expect(warnings).toHaveLength(1);
    }
  });
});
