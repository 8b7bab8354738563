import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { AuditLog, hashToken } from '@tracey/http-kit';
import { EventPublisher, intakeTokens } from '@tracey/intake';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { buildApp } from './build-app.js';
import { DEFAULT_PURL_TEMPLATE } from './notification/purl-template.js';
import type { AdapterPlugin } from './routes/route-context.js';

// Issue 24: with TRACEY_TOKENS_FILE the Jenkins adapter takes the file's tokens for their scopes:
// every route that writes needs `publish`, every triggers route `trigger` (a plugin's route guarded
// as the triggers' are); no token → 401, a known token without the scope → 403 ADAPTER_FORBIDDEN,
// the right scope → the route's own answer. The single token keeps every scope.

const SINGLE = 'adapter-single-token';
const TOKENS = { ci: 'ci-publish-token', ops: 'ops-trigger-token', grafana: 'grafana-read-token' };
const logger = createLogger({ name: 'token-scopes-test', level: 'silent' });

function tokensFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tracey-tokens-')), 'tokens.yaml');
  writeFileSync(
    file,
    [
      'tokens:',
      `  - { name: ci, scopes: [publish], sha256: '${hashToken(TOKENS.ci)}' }`,
      `  - { name: ops, scopes: [trigger], sha256: '${hashToken(TOKENS.ops)}' }`,
      `  - { name: grafana, scopes: [read], sha256: '${hashToken(TOKENS.grafana)}' }`,
      '',
    ].join('\n'),
  );
  return file;
}

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('the Jenkins adapter with scoped tokens', () => {
  it('answers each route 401 without a token, 403 without its scope, and its own answer with it', async () => {
    const file = tokensFile();
    // A route guarded as the triggers' history and replays are.
    const triggerProbe: AdapterPlugin = (app, { context }, done) => {
      app.get('/triggers/probe', { onRequest: context.guard('trigger') }, () => ({ probed: true }));
      done();
    };
    const output = new MemoryOutput();
    const audit = new AuditLog();
    const app = buildApp({
      audit,
      config: { adapterToken: SINGLE, purlTemplate: DEFAULT_PURL_TEMPLATE, tokensFile: file },
      tokens: intakeTokens({ token: SINGLE, tokenName: 'TRACEY_ADAPTER_TOKEN', tokensFile: file }),
      logger,
      publisher: new EventPublisher(output),
      sourceChanges: { find: () => Promise.resolve(undefined) },
      storedEvents: { has: () => Promise.resolve(false) },
      brokerReady: () => Promise.resolve(),
      plugins: [triggerProbe],
    });
    open = app;
    const routes: { method: 'GET' | 'POST'; url: string; scope: 'publish' | 'trigger' }[] = [
      { method: 'POST', url: '/jenkins/notification', scope: 'publish' },
      { method: 'POST', url: '/events', scope: 'publish' },
      { method: 'GET', url: '/triggers/probe', scope: 'trigger' },
    ];
    // Every route of the OpenAPI document that writes is in the matrix.
    const openapi = (await app.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const writes = Object.entries(openapi.paths).filter(([, methods]) => 'post' in methods);
    expect(writes.map(([path]) => path).sort()).toEqual(['/events', '/jenkins/notification']);

    const call = (route: (typeof routes)[number], token?: string) =>
      app.inject({
        method: route.method,
        url: route.url,
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(route.method === 'POST' ? { payload: '{}' } : {}),
      });
    for (const route of routes) {
      const none = await call(route);
      expect(none.statusCode, `${route.url} without a token`).toBe(401);
      expect((await call(route, 'not-a-token')).statusCode).toBe(401);
      const wrongScope = await call(route, route.scope === 'publish' ? TOKENS.ops : TOKENS.ci);
      expect(wrongScope.statusCode, `${route.url} without ${route.scope}`).toBe(403);
      expect(wrongScope.json<{ error: { code: string; details: { scope: string } } }>().error).toMatchObject({
        code: 'ADAPTER_FORBIDDEN',
        details: { scope: route.scope },
      });
      expect((await call(route, TOKENS.grafana)).statusCode).toBe(403);
      // The right scope, and the single token, get past the guard to the route's own answer.
      for (const token of [route.scope === 'publish' ? TOKENS.ci : TOKENS.ops, SINGLE]) {
        const answer = await call(route, token);
        expect([401, 403], `${route.url}: ${answer.body}`).not.toContain(answer.statusCode);
        // `{}` is no notification nor event: the route's own 400 or 422, after the guard.
        if (route.method === 'GET') expect(answer.statusCode).toBe(200);
        else expect([400, 422]).toContain(answer.statusCode);
      }
    }
    expect(output.messages).toEqual([]);

    // The audit trail: each call by the token's name, each refusal with its reason — no token value.
    const trail = audit.recent(1000);
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'request', actor: 'ci', method: 'POST', route: '/events' }),
        expect.objectContaining({
          kind: 'request',
          actor: 'ops',
          method: 'GET',
          route: '/triggers/probe',
          status: 200,
        }),
        expect.objectContaining({
          kind: 'request',
          actor: 'TRACEY_ADAPTER_TOKEN',
          route: '/jenkins/notification',
        }),
        expect.objectContaining({ kind: 'refused', actor: null, reason: 'missing', route: '/events' }),
        expect.objectContaining({ kind: 'refused', actor: null, reason: 'wrong', scope: 'trigger' }),
        expect.objectContaining({ kind: 'refused', actor: 'grafana', reason: 'forbidden', scope: 'publish' }),
      ]),
    );
    expect(trail.filter((entry) => entry.kind === 'refused')).toHaveLength(4 * routes.length);
    const text = JSON.stringify(trail);
    for (const token of [SINGLE, ...Object.values(TOKENS)]) expect(text).not.toContain(token);
  });
});
