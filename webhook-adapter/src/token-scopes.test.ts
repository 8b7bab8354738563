import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { AuditLog, hashToken } from '@tracey/http-kit';
import { EventPublisher, intakeTokens } from '@tracey/intake';
import { BUILT_IN_MAPPERS } from '@tracey/mapping';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { buildWebhookApp } from './build-app.js';

// Issue 24: with TRACEY_TOKENS_FILE the webhook adapter takes the file's tokens that have the
// `publish` scope on every route behind its token (CloudEvents, the DORA REST intakes): no token
// → 401, a known token without `publish` → 403 ADAPTER_FORBIDDEN, with it the route's own answer.

const SINGLE = 'webhook-single-token';
const TOKENS = { ci: 'ci-publish-token', ops: 'ops-trigger-token' };
const logger = createLogger({ name: 'webhook-token-scopes-test', level: 'silent' });

let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('the webhook adapter with scoped tokens', () => {
  it('answers every route behind its token 401, 403 or its own answer by the token', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tracey-tokens-')), 'tokens.json');
    writeFileSync(
      file,
      JSON.stringify({
        tokens: [
          { name: 'ci', scopes: ['publish'], sha256: hashToken(TOKENS.ci) },
          { name: 'ops', scopes: ['trigger', 'read'], sha256: hashToken(TOKENS.ops) },
        ],
      }),
    );
    const output = new MemoryOutput();
    const audit = new AuditLog();
    const app = buildWebhookApp({
      audit,
      token: SINGLE,
      tokens: intakeTokens({ token: SINGLE, tokenName: 'TRACEY_WEBHOOK_TOKEN', tokensFile: file }),
      logger,
      mappers: BUILT_IN_MAPPERS,
      publisher: new EventPublisher(output),
      brokerReady: () => Promise.resolve(),
    });
    open = app;
    const openapi = (await app.inject('/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    // Every POST route but the forges' (they check their own secrets).
    const routes = Object.entries(openapi.paths)
      .filter(([path, methods]) => 'post' in methods && path !== '/github' && path !== '/gitlab')
      .map(([path]) => path.replace(/\{[^}]+\}/g, () => randomUUID()));
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const call = (url: string, token?: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        payload: '[]',
      });
    for (const url of routes) {
      expect((await call(url)).statusCode, url).toBe(401);
      const forbidden = await call(url, TOKENS.ops);
      expect(forbidden.statusCode, url).toBe(403);
      expect(forbidden.json<{ error: { code: string } }>().error.code).toBe('ADAPTER_FORBIDDEN');
      for (const token of [TOKENS.ci, SINGLE]) {
        const answer = await call(url, token);
        // Past the guard: a JSON array is no body these routes take.
        expect([400, 415, 422], `${url}: ${answer.body}`).toContain(answer.statusCode);
      }
    }
    expect(output.messages).toEqual([]);
    const trail = audit.recent(10_000);
    expect(trail.filter((entry) => entry.kind === 'request' && entry.actor === 'ci')).toHaveLength(
      routes.length,
    );
    expect(trail.filter((entry) => entry.kind === 'refused' && entry.actor === 'ops')).toHaveLength(
      routes.length,
    );
    expect(trail.filter((entry) => entry.kind === 'refused' && entry['reason'] === 'missing')).toHaveLength(
      routes.length,
    );
    expect(JSON.stringify(trail)).not.toContain(TOKENS.ci);
  });
});
