import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTraceyError, type TraceyError } from '@tracey/common';
import { z } from 'zod';
import { ApiClient, apiClientFor } from './api-client.js';
import { CLI_ERROR_CODES, EXIT_CODES, exitCodeFor } from './cli-error.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

const seen: Seen[] = [];

// A stand-in for the query API: the path says what to answer.
function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
  seen.push({
    method: request.method ?? '',
    url: request.url ?? '',
    authorization: request.headers.authorization,
    body,
  });
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const send = (status: number, value: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(value));
  };
  if (path.endsWith('/ok')) return send(200, { value: 42 });
  if (path.endsWith('/echo')) return send(200, { value: JSON.parse(body || '0') as unknown });
  if (path.endsWith('/bad')) {
    return send(400, {
      error: {
        code: 'API_BAD_REQUEST',
        message: 'invalid query: pageSize: too big',
        details: { issues: [] },
      },
    });
  }
  if (path.endsWith('/missing')) {
    return send(404, { error: { code: 'API_NOT_FOUND', message: 'no event x', details: {} } });
  }
  if (path.endsWith('/broken')) {
    return send(500, { error: { code: 'API_INTERNAL', message: 'internal error', details: {} } });
  }
  if (path.endsWith('/html')) {
    response.writeHead(502, { 'content-type': 'text/html' });
    return void response.end('<html>bad gateway</html>');
  }
  if (path.endsWith('/slow')) return void setTimeout(() => send(200, { value: 1 }), 2_000);
  return send(200, { unexpected: true });
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => answer(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const valueSchema = z.object({ value: z.unknown() });

async function failure(promise: Promise<unknown>): Promise<TraceyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isTraceyError(error)) throw new Error(`expected a TraceyError, got ${String(error)}`);
  return error;
}

describe('ApiClient', () => {
  it('GETs below the base path with the query and the bearer token, parsing the answer', async () => {
    const client = apiClientFor({ apiUrl: base, apiToken: 's3cret' });
    const result = await client.get('/ok', {
      schema: valueSchema,
      query: { 'meta.type': 'A', pageNo: 2, skip: undefined, 'data.identity~': ['^pkg:', 'x'] },
    });
    expect(result).toEqual({ value: 42 });
    const last = seen.at(-1);
    expect(last?.url).toBe('/prefix/ok?meta.type=A&pageNo=2&data.identity%7E=%5Epkg%3A&data.identity%7E=x');
    expect(last?.authorization).toBe('Bearer s3cret');
  });

  it('sends a query string given as text as it is', async () => {
    const client = new ApiClient({ baseUrl: base });
    await client.get('ok', { schema: valueSchema, query: 'meta.time%3E%3D5&!data.x' });
    expect(seen.at(-1)?.url).toBe('/prefix/ok?meta.time%3E%3D5&!data.x');
  });

  it('sends no authorization header without a token, and POSTs JSON bodies', async () => {
    const client = new ApiClient({ baseUrl: `${base}/` });
    expect(await client.post('echo', { schema: valueSchema, body: { ult: ['ALL'] } })).toEqual({
      value: { ult: ['ALL'] },
    });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', authorization: undefined, url: '/prefix/echo' });
  });

  it('sends credentials in the URL as Basic auth, since fetch refuses them in the URL', async () => {
    const client = new ApiClient({ baseUrl: base.replace('http://', 'http://user:pw@') });
    expect(client.baseUrl).toContain('http://user:***@127.0.0.1');
    await client.get('ok', { schema: valueSchema });
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
  });

  it('turns a 4xx into CLI_API_REFUSED with the API message and code (exit 2)', async () => {
    const client = new ApiClient({ baseUrl: base });
    const bad = await failure(client.get('bad', { schema: valueSchema }));
    expect(bad.code).toBe(CLI_ERROR_CODES.apiRefused);
    expect(bad.message).toBe('invalid query: pageSize: too big');
    expect(bad.details).toMatchObject({
      status: 400,
      apiCode: 'API_BAD_REQUEST',
      apiDetails: { issues: [] },
    });
    expect(exitCodeFor(bad)).toBe(EXIT_CODES.badInput);
    const missing = await failure(client.get('missing', { schema: valueSchema }));
    expect(missing.details).toMatchObject({ status: 404, apiCode: 'API_NOT_FOUND' });
  });

  it('turns a 5xx into CLI_API_FAILED (exit 1), with or without a JSON error body', async () => {
    const client = new ApiClient({ baseUrl: base });
    const broken = await failure(client.get('broken', { schema: valueSchema }));
    expect(broken.code).toBe(CLI_ERROR_CODES.apiFailed);
    expect(broken.message).toBe('the Tracey API failed: internal error');
    expect(exitCodeFor(broken)).toBe(EXIT_CODES.failed);
    const html = await failure(client.get('html', { schema: valueSchema }));
    expect(html.code).toBe(CLI_ERROR_CODES.apiFailed);
    expect(html.message).toContain('answered HTTP 502');
    // The adapter's client (tracey triggers) names the adapter, not the query API.
    const adapter = new ApiClient({
      baseUrl: base,
      service: { name: 'the Jenkins adapter', urlVariable: 'TRACEY_ADAPTER_URL' },
    });
    const adapterBroken = await failure(adapter.get('broken', { schema: valueSchema }));
    expect(adapterBroken.message).toBe('the Jenkins adapter failed: internal error');
  });

  it('refuses an answer that does not match the schema (exit 1)', async () => {
    const client = new ApiClient({ baseUrl: base });
    const error = await failure(client.get('other', { schema: valueSchema }));
    expect(error.code).toBe(CLI_ERROR_CODES.apiFailed);
    expect(error.message).toContain('value:');
  });

  it('names the URL when nothing listens there (exit 1), without its password', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new ApiClient({ baseUrl: `http://user:pw@127.0.0.1:${port}` });
    const error = await failure(client.get('ok', { schema: valueSchema }));
    expect(error.code).toBe(CLI_ERROR_CODES.apiUnreachable);
    expect(error.message).toContain(`http://user:***@127.0.0.1:${port}/`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('pw');
    expect(exitCodeFor(error)).toBe(EXIT_CODES.failed);
  });

  it('gives up after the timeout', async () => {
    const client = new ApiClient({ baseUrl: base, timeoutMs: 100 });
    const error = await failure(client.get('slow', { schema: valueSchema }));
    expect(error.code).toBe(CLI_ERROR_CODES.apiUnreachable);
    expect(error.message).toContain('no answer within 100 ms');
  });
});
