import { describe, expect, it } from 'vitest';
import { getFromQueryApi } from './query-api.js';

describe('getFromQueryApi', () => {
  it('asks under the base URL, path prefix kept, for JSON with the token', async () => {
    const asked: string[] = [];
    for (const url of ['http://api.example.com/tracey', 'http://api.example.com/tracey/']) {
      await getFromQueryApi(
        {
          url,
          token: 'tok',
          fetch: (input, init) => {
            const headers = new Headers(init?.headers);
            asked.push(
              `${input instanceof Request ? input.url : input.toString()} ${headers.get('accept')} ${headers.get('authorization')}`,
            );
            return Promise.resolve(new Response('{}'));
          },
        },
        'events/a%2Fb?x=1',
        AbortSignal.timeout(1000),
      );
    }
    expect(asked).toEqual([
      'http://api.example.com/tracey/events/a%2Fb?x=1 application/json Bearer tok',
      'http://api.example.com/tracey/events/a%2Fb?x=1 application/json Bearer tok',
    ]);
  });

  it('sends no authorization without a token', async () => {
    let authorization: string | null = 'unset';
    await getFromQueryApi(
      {
        url: 'http://api.example.com',
        token: undefined,
        fetch: (_input, init) => {
          authorization = new Headers(init?.headers).get('authorization');
          return Promise.resolve(new Response('{}'));
        },
      },
      'events/x',
      AbortSignal.timeout(1000),
    );
    expect(authorization).toBeNull();
  });
});
