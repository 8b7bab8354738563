import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { pipelineProtocol } from '@tracey/schemas';
import { loadMappers } from '../load-mappers.js';
import { MAPPING_ERROR_CODES } from '../mapping-error.js';
import { toPipelineEvents } from '../to-pipeline-events.js';
import { yamlMappers } from './yaml-mappers.js';

// The example of docs/cdevents.md#mappers.
const ARGO = `
mappers:
  - name: argo-sync-succeeded
    match:
      type: io.argoproj.sync.succeeded   # exact, or a glob with *
      source: https://argo.example/*     # optional
      data: { app.status: Healthy }      # optional: dotted data paths → required values
    emit:
      type: dev.cdevents.service.deployed.0.3.0
      subject:
        id: '{{ data.app.name }}'
        content:
          environment: { id: '{{ data.app.namespace }}' }
          artifactId: 'pkg:oci/{{ data.app.image }}'
`;

const sync = (data: unknown, attributes: Record<string, unknown> = {}) =>
  new CloudEvent({
    id: 'sync-41',
    source: 'https://argo.example/applications/checkout',
    type: 'io.argoproj.sync.succeeded',
    time: '2026-12-02T08:00:00Z',
    data,
    ...attributes,
  });
const app = {
  name: 'checkout',
  namespace: 'shop-staging',
  image: 'checkout@sha256%3Aabc',
  status: 'Healthy',
};

/** The message of what `run` throws, checked to be a config error. */
function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isTraceyError(error, MAPPING_ERROR_CODES.configInvalid)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

describe('yamlMappers', () => {
  const mappers = yamlMappers(ARGO, 'argo.yaml');

  it('maps a matching CloudEvent to the CDEvent its templates describe, a valid one', () => {
    const result = toPipelineEvents(sync({ app }), mappers);
    expect(result).toMatchObject({ ok: true, mapper: 'argo-sync-succeeded' });
    const event = result.ok ? result.events[0] : undefined;
    expect(event).toMatchObject({
      context: {
        specversion: '0.5.1',
        type: 'dev.cdevents.service.deployed.0.3.0',
        source: 'https://argo.example/applications/checkout',
        timestamp: '2026-12-02T08:00:00Z',
      },
      subject: {
        id: 'checkout',
        content: { environment: { id: 'shop-staging' }, artifactId: 'pkg:oci/checkout@sha256%3Aabc' },
      },
    });
    const parsed = pipelineProtocol.parse(event);
    expect(parsed.ok && parsed.verified).toBe(true);
  });

  it('matches on type and source globs and on data values', () => {
    const [mapper] = mappers;
    expect(mapper?.matches(sync({ app }))).toBe(true);
    expect(mapper?.matches(sync({ app }, { source: 'https://other.example/x' }))).toBe(false);
    expect(mapper?.matches(sync({ app }, { type: 'io.argoproj.sync.failed' }))).toBe(false);
    expect(mapper?.matches(sync({ app: { ...app, status: 'Degraded' } }))).toBe(false);
    expect(mapper?.matches(sync({ other: 1 }))).toBe(false);
    const [globbed] = yamlMappers(ARGO.replace('io.argoproj.sync.succeeded', 'io.argoproj.*.succeeded'));
    expect(globbed?.matches(sync({ app }, { type: 'io.argoproj.rollout.succeeded' }))).toBe(true);
  });

  it('refuses an event a template path is absent from, naming the path', () => {
    const { name: _name, ...nameless } = app;
    expect(toPipelineEvents(sync({ app: nameless }), mappers)).toEqual({
      ok: false,
      field: 'data.app.name',
      reason: 'mapper "argo-sync-succeeded": the CloudEvent has no data.app.name',
    });
  });

  it('reads attributes and extensions, keeps a whole-template value as it is', () => {
    const [mapper] = yamlMappers(`
mappers:
  - name: any
    match: { type: 'com.example.*' }
    emit:
      type: dev.cdeventsx.example-job.finished.0.1.0
      source: '/jobs/{{ team }}'
      subject:
        id: '{{ subject }}'
        content: { attempt: '{{ data.attempt }}', run: '{{ id }} of {{ type }}', steps: '{{ data.steps }}' }
`);
    const event = new CloudEvent({
      id: 'r1',
      source: '/ci',
      type: 'com.example.job',
      subject: 'job-9',
      time: '2026-12-02T08:00:00Z',
      team: 'payments',
      data: { attempt: 2, steps: ['build', 'test'] },
    });
    const result = mapper?.map(event);
    expect(result).toMatchObject({
      ok: true,
      events: [
        {
          context: { source: '/jobs/payments', type: 'dev.cdeventsx.example-job.finished.0.1.0' },
          subject: {
            id: 'job-9',
            content: { attempt: 2, run: 'r1 of com.example.job', steps: ['build', 'test'] },
          },
        },
      ],
    });
    const parsed = pipelineProtocol.parse(result?.ok === true ? result.events[0] : undefined);
    expect(parsed.ok).toBe(true);
    const { time: _time, ...timeless } = event;
    expect(mapper?.map(timeless)).toMatchObject({ ok: false, field: 'time' });
  });

  it.each([
    ['not YAML', 'mappers: [', 'argo.yaml: '],
    [
      'an unknown key',
      ARGO.replace('    emit:', '    emitt: {}\n    emit:'),
      'mappers[0]: unknown key(s) "emitt"',
    ],
    ['a missing name', ARGO.replace('  - name: argo-sync-succeeded\n', '  -\n'), 'mappers[0].name: '],
    [
      'a wrong type',
      ARGO.replace('source: https://argo.example/*', 'source: 42'),
      'mappers[0].match.source: ',
    ],
    [
      'an emit type that is no CDEvents type',
      ARGO.replace('type: dev.cdevents.service.deployed.0.3.0', 'type: io.argoproj.deployed'),
      'mappers[0].emit.type: "io.argoproj.deployed" is not a CDEvents type',
    ],
    [
      'an emit type of another release',
      ARGO.replace('type: dev.cdevents.service.deployed.0.3.0', 'type: dev.cdevents.service.deployed.0.2.0'),
      'mappers[0].emit.type: "dev.cdevents.service.deployed.0.2.0" is not a type of CDEvents 0.5.1',
    ],
    [
      'a template that is no path',
      ARGO.replace("'{{ data.app.name }}'", "'{{ Data..x }}'"),
      'mappers[0].emit.subject.id: template {{ Data..x }} must name',
    ],
    [
      'a name used twice',
      `${ARGO}${ARGO.replace('mappers:\n', '')}`,
      'mappers[1].name: "argo-sync-succeeded" is used twice',
    ],
  ])('refuses a config with %s, naming the file and the field', (_, text, message) => {
    expect(configError(() => yamlMappers(text, 'argo.yaml'))).toContain(message);
  });
});

describe('loadMappers', () => {
  it('gives the built-in mappers without a file, then those of the file', async () => {
    expect((await loadMappers()).map((mapper) => mapper.name)).toEqual([
      'kubernetes-apiserver',
      'github',
      'gitlab',
      'jira',
      'em-metrics',
      'devlake',
      'devopstic',
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'tracey-mappers-')), 'mappers.yaml');
    writeFileSync(file, ARGO);
    expect((await loadMappers(file)).map((mapper) => mapper.name)).toEqual([
      'kubernetes-apiserver',
      'github',
      'gitlab',
      'jira',
      'em-metrics',
      'devlake',
      'devopstic',
      'argo-sync-succeeded',
    ]);
  });

  it('gives the forge mappers the incident label and environment it is told', async () => {
    const issue = (label: string) => ({
      specversion: '1.0' as const,
      id: `delivery-${label}`,
      source: 'https://github.com/acme/shop',
      type: 'com.github.issues',
      time: '2026-11-30T10:00:00Z',
      data: {
        action: 'opened',
        issue: {
          html_url: 'https://github.com/acme/shop/issues/3',
          title: 'Down',
          labels: [{ name: label }],
          created_at: '2026-11-30T10:00:00Z',
        },
        repository: { full_name: 'acme/shop', html_url: 'https://github.com/acme/shop' },
      },
    });
    const mappers = await loadMappers(undefined, { incidentLabel: 'sev1', incidentEnvironment: 'prod-eu' });
    const github = mappers.find((mapper) => mapper.name === 'github');
    const labelled = github?.map(issue('sev1'));
    expect(labelled).toMatchObject({
      ok: true,
      events: [{ subject: { content: { environment: { id: 'prod-eu' } } } }],
    });
    expect(github?.map(issue('incident'))).toMatchObject({ ok: true, events: [] });
  });

  it('refuses a file it cannot read, naming it', async () => {
    await expect(loadMappers('/nonexistent/mappers.yaml')).rejects.toMatchObject({
      code: MAPPING_ERROR_CODES.configUnreadable,
      message: expect.stringContaining('/nonexistent/mappers.yaml: ENOENT') as string,
    });
  });
});
