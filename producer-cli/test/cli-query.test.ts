import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { startListeningQueryApi, type ListeningQueryApi } from './listening-query-api.js';
import { runTracey } from './run-tracey.js';

// Artifacts of two packages, one identity built twice (a lookup must refuse it), a release.
function artifacts(): EiffelEvent[] {
  let clock = Date.parse('2026-11-23T10:00:00.000Z');
  const at = () => ({ time: (clock += 60_000) });
  const created = (identity: string) =>
    eiffelEvent('EiffelArtifactCreatedEvent', { identity }, at()).build() as EiffelEvent;
  const a1 = created('pkg:npm/tracey-a@1.0.0');
  const a2 = created('pkg:npm/tracey-a@1.1.0');
  const b1 = created('pkg:maven/com.example/b@1.0.0');
  const twice1 = created('pkg:npm/twice@1.0.0');
  const twice2 = created('pkg:npm/twice@1.0.0');
  const clm = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', a2.meta.id)
    .build() as EiffelEvent;
  return [a1, a2, b1, twice1, twice2, clm];
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('tracey get, tracey search and --link lookups against a real query API on Neo4j', () => {
  const services = testServices();
  const events = artifacts();
  const [a1, a2, b1, , , clm] = events as [
    EiffelEvent,
    EiffelEvent,
    EiffelEvent,
    EiffelEvent,
    EiffelEvent,
    EiffelEvent,
  ];
  let queryApi: ListeningQueryApi;
  let env: Readonly<Record<string, string>>;

  beforeAll(async () => {
    queryApi = await startListeningQueryApi(services, events);
    env = queryApi.env;
  });

  afterAll(async () => {
    await queryApi.close();
  });

  it('get prints the stored event as JSON', async () => {
    const run = await runTracey(['get', a1.meta.id], env);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(a1);
  });

  it('get of an unknown id exits 2 with the API message', async () => {
    const run = await runTracey(['get', '00000000-0000-4000-8000-000000000000'], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no event with id 00000000-0000-4000-8000-000000000000 is stored');
  });

  it('search prints one event per line, newest first, and the page with --json', async () => {
    const run = await runTracey(
      ['search', 'meta.type=EiffelArtifactCreatedEvent', 'data.identity~^pkg:npm/tracey-'],
      env,
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((text) => JSON.parse(text) as unknown)).toEqual([a2, a1]);
    const json = await runTracey(
      ['search', 'meta.type=EiffelArtifactCreatedEvent&meta.time<' + String(b1.meta.time), '--json'],
      env,
    );
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      pageNo: 1,
      pageSize: 100,
      totalNumberItems: 2,
      items: [a2, a1],
    });
  });

  it('search pages, telling on stderr where the page is', async () => {
    const run = await runTracey(
      ['search', 'meta.type=EiffelArtifactCreatedEvent', '--page-size', '2', '--page-no', '2'],
      env,
    );
    expect(run.exitCode).toBe(0);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((text) => (JSON.parse(text) as EiffelEvent).meta.id);
    expect(ids).toEqual([b1.meta.id, a2.meta.id]);
    expect(run.stderr).toBe('tracey: events 3-4 of 5; --page-no 3 for more\n');
  });

  it('search with a malformed filter exits 2 naming it; an unreachable API exits 1 naming the URL', async () => {
    const bad = await runTracey(['search', 'type=EiffelArtifactCreatedEvent'], env);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('invalid query parameter type');
    const port = await closedPort();
    const down = await runTracey(['search', 'meta.type=EiffelArtifactCreatedEvent'], {
      TRACEY_API_URL: `http://127.0.0.1:${port}`,
    });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain(`cannot reach the Tracey API at http://127.0.0.1:${port}/`);
  });

  it('publishing resolves TYPE=lookup:<filters> links, from --link and from id flags, to the one matching event', async () => {
    const run = await runTracey(
      [
        'confidence',
        '--subject',
        'lookup:meta.type=EiffelArtifactCreatedEvent&data.identity=pkg:npm/tracey-a@1.0.0',
        '--name',
        'readyForRelease',
        '--value',
        'SUCCESS',
        '--link',
        `CAUSE=lookup:meta.type=EiffelConfidenceLevelModifiedEvent&data.name=release`,
        '--output',
        'stdout',
      ],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const event = JSON.parse(run.stdout) as EiffelEvent;
    expect(event.links).toEqual([
      { type: 'SUBJECT', target: a1.meta.id },
      { type: 'CAUSE', target: clm.meta.id },
    ]);
  });

  it('refuses a lookup matching no event or several, naming the link (exit 2)', async () => {
    const none = await runTracey(
      [
        'artifact',
        'published',
        '--artifact',
        a1.meta.id,
        '--location',
        'https://x/a.tgz',
        '--link',
        'CAUSE=lookup:meta.type=EiffelArtifactCreatedEvent&data.identity=pkg:npm/none@0',
        '--dry-run',
      ],
      env,
    );
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain(
      'link CAUSE=lookup:meta.type=EiffelArtifactCreatedEvent&data.identity=pkg:npm/none@0: no stored event matches',
    );
    const several = await runTracey(
      [
        'confidence',
        '--subject',
        'lookup:data.identity=pkg:npm/twice@1.0.0&meta.type=EiffelArtifactCreatedEvent',
        '--name',
        'x',
        '--value',
        'SUCCESS',
        '--dry-run',
      ],
      env,
    );
    expect(several.exitCode).toBe(2);
    expect(several.stderr).toContain('2 stored events match');
    expect(several.stderr).toContain(events[3]?.meta.id);
  });
});
