import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eiffelProtocol, type EiffelEvent } from '@tracey/schemas';
import { buildEventId } from './event-ids.js';
import { jenkinsNotification, type JenkinsNotification } from './jenkins-notification.js';
import { buildKey, jobPath, notificationEvents } from './notification-events.js';
import { DEFAULT_PURL_TEMPLATE } from './purl-template.js';

// The plugin-shaped samples beside the repository (read in place); override with TRACEY_FIXTURES_DIR.
const fixturesDir = (
  process.env['TRACEY_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
).replace(/\/$/, '');

function sample(name: string): JenkinsNotification {
  const raw: unknown = JSON.parse(readFileSync(`${fixturesDir}/jenkins/${name}.json`, 'utf8'));
  return jenkinsNotification.parse(raw);
}

const options = { purlTemplate: DEFAULT_PURL_TEMPLATE, withTriggered: true };
const FREESTYLE_URL = 'http://jenkins.example.com/job/app-build/57/';
const PIPELINE_URL = 'http://jenkins.example.com/job/deploy-pipeline/12/';
// The samples' build identities: full URL and queue id.
const FREESTYLE = `${FREESTYLE_URL}#812`;
const PIPELINE = `${PIPELINE_URL}#913`;
const CAUSE = '5b2a7c3e-1d4f-4a8b-9c6e-2f1a3b4c5d6e';
const SOURCE_CHANGE = '0b8f8d39-5e1d-4a59-9b3c-0a6f2f2d9e11';

const types = (events: readonly EiffelEvent[]) => events.map((event) => event.meta.type);
const links = (event: EiffelEvent | undefined) => event?.links.map((link) => `${link.type} ${link.target}`);

describe('notificationEvents: a freestyle build', () => {
  it('QUEUED: the triggered event, named after the job, caused by TRACEY_CAUSE and the source change', () => {
    const { events, triggeredId, warnings } = notificationEvents(sample('freestyle-queued'), {
      ...options,
      sourceChange: SOURCE_CHANGE,
    });
    expect(types(events)).toEqual(['EiffelActivityTriggeredEvent']);
    const [triggered] = events;
    expect(triggered?.meta.id).toBe(triggeredId);
    expect(triggeredId).toBe(buildEventId(FREESTYLE, 'triggered'));
    expect(triggered?.meta.time).toBe(1789999985000);
    expect(triggered?.meta.source).toMatchObject({
      name: 'tracey-jenkins-adapter',
      host: 'jenkins.example.com',
    });
    expect(triggered?.data).toMatchObject({
      name: 'app-build',
      triggers: [
        { type: 'EIFFEL_EVENT', description: CAUSE },
        { type: 'SOURCE_CHANGE', description: '9f1c2e7d4b8a6c5e3f2a1b0c9d8e7f6a5b4c3d2e' },
      ],
    });
    expect(links(triggered)).toEqual([`CAUSE ${CAUSE}`, `CAUSE ${SOURCE_CHANGE}`]);
    expect(warnings).toEqual([]);
  });

  it('STARTED: the started event executes the triggered one, with the build as execution URI', () => {
    const { events, triggeredId } = notificationEvents(sample('freestyle-started'), {
      ...options,
      withTriggered: false,
    });
    expect(types(events)).toEqual(['EiffelActivityStartedEvent']);
    expect(events[0]?.meta.id).toBe(buildEventId(FREESTYLE, 'started'));
    expect(events[0]?.meta.time).toBe(1790000000000);
    expect(events[0]?.data).toEqual({
      executionUri: FREESTYLE_URL,
      liveLogs: [{ name: 'console', uri: `${FREESTYLE_URL}console` }],
    });
    expect(links(events[0])).toEqual([`ACTIVITY_EXECUTION ${triggeredId}`]);
  });

  it('STARTED without QUEUED: the triggered event goes first, with the same id', () => {
    const { events } = notificationEvents(sample('freestyle-started'), options);
    expect(types(events)).toEqual(['EiffelActivityTriggeredEvent', 'EiffelActivityStartedEvent']);
    expect(events[0]?.meta.id).toBe(buildEventId(FREESTYLE, 'triggered'));
  });

  it('COMPLETED: finished with the mapped conclusion and the test summary; no artifacts yet', () => {
    const { events, triggeredId } = notificationEvents(sample('freestyle-completed'), {
      ...options,
      withTriggered: false,
    });
    expect(types(events)).toEqual(['EiffelActivityFinishedEvent']);
    const [finished] = events;
    expect(finished?.meta.id).toBe(buildEventId(FREESTYLE, 'finished'));
    expect(finished?.meta.time).toBe(1790000000000 + 184000);
    expect(finished?.data).toMatchObject({
      outcome: {
        conclusion: 'SUCCESSFUL',
        description: 'Jenkins result SUCCESS; tests: 120 total, 118 passed, 0 failed, 2 skipped',
      },
    });
    expect(links(finished)).toEqual([`ACTIVITY_EXECUTION ${triggeredId}`]);
  });

  it('FINALIZED: the same finished event as COMPLETED, and one artifact per archived file', () => {
    const completed = notificationEvents(sample('freestyle-completed'), { ...options, withTriggered: false });
    const finalized = notificationEvents(sample('freestyle-finalized'), { ...options, withTriggered: false });
    expect(types(finalized.events)).toEqual([
      'EiffelActivityFinishedEvent',
      'EiffelArtifactCreatedEvent',
      'EiffelArtifactCreatedEvent',
    ]);
    expect(eiffelProtocol.serialize(finalized.events[0]!)).toBe(
      eiffelProtocol.serialize(completed.events[0]!),
    );
    const artifacts = finalized.events.slice(1);
    expect(artifacts.map((event) => (event.data as { identity: string }).identity)).toEqual([
      'pkg:generic/app-build/app-1.4.0.sbom.json@57',
      'pkg:generic/app-build/app-1.4.0.tgz@57',
    ]);
    expect(artifacts.map((event) => event.meta.id)).toEqual([
      buildEventId(FREESTYLE, { artifact: 'dist/app-1.4.0.sbom.json' }),
      buildEventId(FREESTYLE, { artifact: 'dist/app-1.4.0.tgz' }),
    ]);
    expect(artifacts[1]?.data).toMatchObject({
      fileInformation: [{ name: 'dist/app-1.4.0.tgz' }],
      customData: [{ key: 'jenkinsArchiveUrl', value: `${FREESTYLE_URL}artifact/dist/app-1.4.0.tgz` }],
    });
    expect(links(artifacts[0])).toEqual([`CONTEXT ${finalized.triggeredId}`]);
  });

  it('renders the purl template with percent-encoded segments', () => {
    const notification = sample('freestyle-finalized');
    const { events } = notificationEvents(notification, {
      purlTemplate: 'pkg:generic/acme/{path}?build={build}',
      withTriggered: false,
    });
    expect((events[1]?.data as { identity: string }).identity).toBe(
      'pkg:generic/acme/dist/app-1.4.0.sbom.json?build=57',
    );
  });
});

describe('notificationEvents: a Pipeline build', () => {
  it('every phase: no CAUSE without TRACEY_CAUSE or a source change; FAILURE is FAILED', () => {
    const queued = notificationEvents(sample('pipeline-queued'), options);
    expect(links(queued.events[0])).toEqual([]);
    expect(queued.events[0]?.data).not.toHaveProperty('triggers');
    const started = notificationEvents(sample('pipeline-started'), { ...options, withTriggered: false });
    expect(links(started.events[0])).toEqual([`ACTIVITY_EXECUTION ${buildEventId(PIPELINE, 'triggered')}`]);
    for (const phase of ['pipeline-completed', 'pipeline-finalized']) {
      const { events } = notificationEvents(sample(phase), { ...options, withTriggered: false });
      expect(types(events)).toEqual(['EiffelActivityFinishedEvent']);
      expect(events[0]?.data).toMatchObject({ outcome: { conclusion: 'FAILED' } });
    }
  });

  it('is deterministic: the same notification gives the same bytes', () => {
    for (const phase of ['queued', 'started', 'completed', 'finalized']) {
      const once = notificationEvents(sample(`pipeline-${phase}`), options).events;
      const again = notificationEvents(sample(`pipeline-${phase}`), options).events;
      expect(again.map((e) => eiffelProtocol.serialize(e))).toEqual(
        once.map((e) => eiffelProtocol.serialize(e)),
      );
    }
  });
});

describe('notificationEvents: edge cases', () => {
  it('maps every Jenkins result, and a missing one to INCONCLUSIVE with a warning', () => {
    const base = sample('pipeline-completed');
    const conclusions = (['SUCCESS', 'UNSTABLE', 'FAILURE', 'ABORTED', 'NOT_BUILT', undefined] as const).map(
      (status) => {
        const { status: _, ...build } = base.build;
        const notification = { ...base, build: status === undefined ? build : { ...build, status } };
        const mapped = notificationEvents(notification, { ...options, withTriggered: false });
        return [
          (mapped.events[0]?.data as { outcome: { conclusion: string } }).outcome.conclusion,
          mapped.warnings.length,
        ];
      },
    );
    expect(conclusions).toEqual([
      ['SUCCESSFUL', 0],
      ['UNSUCCESSFUL', 0],
      ['FAILED', 0],
      ['ABORTED', 0],
      ['INCONCLUSIVE', 0],
      ['INCONCLUSIVE', 1],
    ]);
  });

  it('skips a TRACEY_CAUSE that is not an event id, with a warning', () => {
    const base = sample('freestyle-queued');
    const notification = { ...base, build: { ...base.build, parameters: { TRACEY_CAUSE: 'not-an-id' } } };
    const { events, warnings } = notificationEvents(notification, options);
    expect(links(events[0])).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('TRACEY_CAUSE is not an event id')]);
  });

  it('keys a build without full_url on its relative URL, and takes folders into the job name', () => {
    const base = sample('pipeline-started');
    const { full_url: _, ...build } = base.build;
    const notification = {
      ...base,
      url: 'job/team/job/deploy-pipeline/',
      build: { ...build, url: 'job/team/job/deploy-pipeline/12/' },
    };
    expect(buildKey(notification)).toBe('job/team/job/deploy-pipeline/12/#913');
    const { queue_id: _queue, ...withoutQueue } = notification.build;
    expect(buildKey({ ...notification, build: withoutQueue })).toBe('job/team/job/deploy-pipeline/12/');
    expect(jobPath(notification)).toBe('team/deploy-pipeline');
    const { events } = notificationEvents(notification, options);
    expect(events[0]?.data).toMatchObject({ name: 'team/deploy-pipeline' });
    expect(events[0]?.meta.source).toEqual(expect.objectContaining({ host: 'jenkins' }));
    expect(events[1]?.data).toEqual({});
  });
});
