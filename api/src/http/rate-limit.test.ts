import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { AuditLog } from '@tracey/http-kit';
import { buildApp } from '../build-app.js';
import type { QueryGraph } from '../graph/query-graph.js';

// Rate limits (issue 24): per token, else per address; over the limit a 429 in the API's error
// shape with Retry-After; probes never limited; one token's flood leaves another token alone.
const noGraph: QueryGraph = {
  ping: () => Promise.resolve(),
  read: () => Promise.reject(new Error('no graph in this test')),
  missingLinkTargets: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};

describe('the query API’s rate limit', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = buildApp({
      graph: noGraph,
      config: { apiToken: 'token-a', readAuth: 'optional', rateLimit: 3, rateLimitWindowMs: 60_000 },
      logger: pino({ level: 'silent' }),
      ui: false,
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, token?: string, ip = '10.0.0.1') =>
    app.inject({
      method: 'GET',
      url,
      remoteAddress: ip,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('answers 429 API_RATE_LIMITED with Retry-After past the limit of a token', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/missing-links', 'token-a')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get('/missing-links', 'token-a');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toEqual({
      error: {
        code: 'API_RATE_LIMITED',
        message: expect.stringContaining('retry after') as string,
        details: {},
      },
    });
    // The limiter keys on a hash: no token in any header it sends.
    expect(JSON.stringify(refused.headers)).not.toContain('token-a');
  });

  it('counts another token, and requests without a token per address, apart', async () => {
    expect((await get('/missing-links', 'token-b')).statusCode).not.toBe(429);
    expect((await get('/missing-links', undefined, '10.0.0.2')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await get('/missing-links', undefined, '10.0.0.3');
    expect((await get('/missing-links', undefined, '10.0.0.3')).statusCode).toBe(429);
    expect((await get('/missing-links', undefined, '10.0.0.4')).statusCode).toBe(200);
  });

  it('never limits /health, /ready and /metrics', async () => {
    for (let i = 0; i < 10; i++) {
      for (const url of ['/health', '/ready', '/metrics']) expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('documents 429 on the routes', async () => {
    const document = (await get('/openapi.json', undefined, '10.0.0.9')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(Object.keys(document.paths['/missing-links']?.['get']?.responses ?? {})).toContain('429');
  });
});

describe('the query API’s cap on requests in progress per token', () => {
  // Each test's app: a limit per window too high to matter, the cap on what is in progress.
  const appWith = async (graph: QueryGraph): Promise<FastifyInstance> => {
    const app = buildApp({
      graph,
      config: { apiToken: 'token-a', readAuth: 'optional', rateLimit: 1000, rateLimitWindowMs: 60_000 },
      logger: pino({ level: 'silent' }),
      ui: false,
    });
    await app.ready();
    return app;
  };
  const burst = (app: FastifyInstance, token: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        app.inject({ method: 'GET', url: '/missing-links', headers: { authorization: `Bearer ${token}` } }),
      ),
    );

  it('answers 429 to a token past 8 requests at once, and not to another token', async () => {
    // A graph that takes 100 ms per answer: requests overlap.
    const app = await appWith({
      ...noGraph,
      missingLinkTargets: () => new Promise((resolve) => setTimeout(() => resolve([]), 100)),
    });
    try {
      const [noisy, quiet] = await Promise.all([burst(app, 'token-a', 20), burst(app, 'token-b', 5)]);
      const statuses = noisy.map((answer) => answer.statusCode).sort();
      expect(statuses.filter((status) => status === 200)).toHaveLength(8);
      expect(statuses.filter((status) => status === 429)).toHaveLength(12);
      const refused = noisy.find((answer) => answer.statusCode === 429);
      expect(refused?.headers['retry-after']).toBe('1');
      expect(refused?.json<{ error: { code: string } }>().error.code).toBe('API_RATE_LIMITED');
      expect(quiet.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
      // Once answered, the slots are free again.
      expect((await burst(app, 'token-a', 8)).every((answer) => answer.statusCode === 200)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('answers a token refused in this window one request at a time, and others as before', async () => {
    let running = 0;
    let most = 0;
    const app = await appWith({
      ...noGraph,
      missingLinkTargets: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        return [];
      },
    });
    // The statuses of a burst, and the most of its requests the graph had at once.
    const counted = async (token: string, count: number) => {
      most = 0;
      const answers = await burst(app, token, count);
      return { statuses: answers.map((answer) => answer.statusCode), most };
    };
    try {
      // Not refused yet: 8 at once, the rest refused.
      const first = await counted('token-a', 12);
      expect(first.most).toBe(8);
      expect(first.statuses.filter((status) => status === 429)).toHaveLength(4);
      // Refused in this window: its next 8 all answered, but in turn.
      expect(await counted('token-a', 8)).toEqual({ statuses: Array(8).fill(200), most: 1 });
      // Still 8 at most in progress: waiting counts.
      expect((await counted('token-a', 10)).statuses.filter((status) => status === 429)).toHaveLength(2);
      // Another token, never refused, runs its requests together.
      expect(await counted('token-b', 5)).toEqual({ statuses: Array(5).fill(200), most: 5 });
    } finally {
      await app.close();
    }
  });
});

describe('a caller past the limit', () => {
  it('is refused before its token is looked at, with one audit entry per caller and window', async () => {
    const audit = new AuditLog({});
    const app = buildApp({
      graph: noGraph,
      config: { apiToken: 'token-a', readAuth: 'required', rateLimit: 2, rateLimitWindowMs: 60_000 },
      logger: pino({ level: 'silent' }),
      ui: false,
      audit,
    });
    try {
      const get = (token?: string) =>
        app.inject({
          method: 'GET',
          url: '/missing-links',
          remoteAddress: '10.0.1.1',
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await get('token-a')).statusCode);
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 429]);
      // Past the limit a wrong token is refused for the limit too: no token check was made.
      expect((await get('not-a-token')).statusCode).toBe(401);
      expect((await get('not-a-token')).statusCode).toBe(401);
      expect((await get('not-a-token')).statusCode).toBe(429);
      const requests = audit.recent(100, 'request');
      expect(requests).toHaveLength(2);
      const limited = audit.recent(100, 'refused').filter((entry) => entry['reason'] === 'rate-limited');
      expect(limited.map((entry) => entry.actor).sort()).toEqual([null, requests[0]?.actor].sort());
      expect(JSON.stringify(audit.recent(100))).not.toContain('token-a');
    } finally {
      await app.close();
    }
  });
});
