import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { startApiProcess, type ApiProcess } from '@tracey/api/testing';
import { testServices, waitUntil } from '@tracey/testing';

// Issue 24, as an operator rotates tokens: `tracey token create` prints a token once and the
// tokens-file entry; the running API takes a new entry on SIGHUP, drops a removed one, keeps its
// tokens when the new file is bad, and never writes a token to its log.

interface Created {
  readonly token: string;
  readonly entry: { name: string; scopes: string[]; sha256?: string; scrypt?: string };
}

describe('tokens made by `tracey token create`, rotated on a running API', () => {
  const services = testServices();
  const dir = mkdtempSync(`${tmpdir()}/tracey-token-rotation-`);
  const file = `${dir}/tokens.yaml`;
  let tracey: InstalledTracey;
  let api: ApiProcess;
  let reader: Created;
  let querier: Created;

  const create = async (args: string[]): Promise<Created> => {
    const run = await tracey.run(['token', 'create', ...args, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Created;
  };
  const line = ({ entry }: Created) => `  - ${JSON.stringify(entry)}\n`;
  const status = async (path: string, token: string, body?: unknown) =>
    (
      await fetch(`${api.base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).status;
  const cypher = { query: 'RETURN 1 AS one' };
  const hup = () => api.service.child.kill('SIGHUP');

  beforeAll(async () => {
    tracey = installTracey('dist');
    reader = await create(['--name', 'grafana', '--scopes', 'read']);
    querier = await create(['--name', 'ops', '--scopes', 'read,cypher', '--hash', 'scrypt']);
    writeFileSync(file, `tokens:\n${line(reader)}`);
    api = await startApiProcess(services, { TRACEY_API_READ_AUTH: 'required', TRACEY_TOKENS_FILE: file });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    tracey?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a token once and an entry holding only its hash', () => {
    expect(reader.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reader.entry).toMatchObject({ name: 'grafana', scopes: ['read'] });
    expect(reader.entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(reader.entry)).not.toContain(reader.token);
    expect(querier.entry.scrypt).toMatch(/^scrypt\$15\$8\$1\$/);
  });

  it('refuses bad input naming the flag', async () => {
    const run = await tracey.run(['token', 'create', '--name', 'x', '--scopes', 'read,deploy']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--scopes: unknown scope "deploy"');
  });

  it('takes new tokens on SIGHUP, drops removed ones, keeps its tokens when the file is bad', async () => {
    expect(await status('/events?pageSize=1', reader.token)).toBe(200);
    expect(await status('/cypher', reader.token, cypher)).toBe(403);
    expect(await status('/cypher', querier.token, cypher)).toBe(401);

    // Rotation, step 1: the new token is added beside the old one.
    appendFileSync(file, line(querier));
    hup();
    await waitUntil(
      'the new token works',
      async () => (await status('/cypher', querier.token, cypher)) === 200,
      10_000,
    );
    expect(await status('/events?pageSize=1', reader.token)).toBe(200);

    // A bad file is refused, naming the field; the tokens there were stay.
    writeFileSync(file, `tokens:\n  - {name: broken, scopes: [read], sha256: nothex}\n`);
    hup();
    await waitUntil(
      'the bad file is refused',
      () => Promise.resolve(api.service.output().includes('tokens not reloaded')),
      10_000,
    );
    expect(api.service.output()).toContain('tokens.0.sha256');
    expect(await status('/cypher', querier.token, cypher)).toBe(200);

    // Rotation, step 2: the old token is removed.
    writeFileSync(file, `tokens:\n${line(querier)}`);
    hup();
    await waitUntil(
      'the old token is refused',
      async () => (await status('/events?pageSize=1', reader.token)) === 401,
      10_000,
    );
    expect(await status('/events?pageSize=1', querier.token)).toBe(200);

    // Nothing the API wrote holds a token.
    expect(api.service.output()).toContain('tokens reloaded');
    for (const { token } of [reader, querier]) expect(api.service.output()).not.toContain(token);
  }, 60_000);
});
