import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { pipelineProtocol } from '@tracey/schemas';
import { gitlabMapper, gitlabTime } from './gitlab-mapper.js';

// Issue 19: a GitLab payload per event type and action (mapping/fixtures/gitlab, written from
// GitLab's documented webhook format) maps to the documented CDEvents, each valid against its
// schema, with what the test reads from the payload itself.

type Json = Record<string, unknown>;
const dir = fileURLToPath(new URL('../../fixtures/gitlab/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, payload: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Json }));

const delivery = (payload: Json) =>
  new CloudEvent({
    id: 'f3b2a1c0-0000-4000-8000-000000000001',
    source: 'https://gitlab.example.com',
    type: `com.gitlab.${String(payload['object_kind'])}`,
    data: payload,
  });

function get(object: unknown, path: string): unknown {
  let value = object;
  for (const key of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

/** `2025-06-02 12:52:10 +0200` → `2025-06-02T10:52:10.000Z`, by hand. */
function utc(value: unknown): string {
  const text = String(value);
  const match = /^(\S+) (\S+) (UTC|([+-])(\d{2})(\d{2}))$/.exec(text);
  if (match === null) return new Date(text).toISOString();
  const base = Date.parse(`${match[1]}T${match[2]}Z`);
  const offset =
    match[3] === 'UTC'
      ? 0
      : (match[4] === '-' ? -1 : 1) * (Number(match[5]) * 60 + Number(match[6])) * 60_000;
  return new Date(base - offset).toISOString();
}

/** What the payload says the CDEvent must be, or `undefined` when nothing. */
function expectedOf(payload: Json): Json | undefined {
  const attrs = (path: string) => get(payload, `object_attributes.${path}`);
  const kind = payload['object_kind'];
  if (kind === 'merge_request') {
    const action = attrs('action');
    const type = {
      open: 'change.created',
      update: 'change.updated',
      approved: 'change.reviewed',
      merge: 'change.merged',
      close: 'change.abandoned',
    }[String(action)];
    if (type === undefined) return undefined;
    return {
      type,
      subject: attrs('url'),
      time: utc(action === 'open' ? attrs('created_at') : attrs('updated_at')),
      ...(action === 'merge' ? { commitId: attrs('merge_commit_sha') } : {}),
    };
  }
  if (kind === 'pipeline') {
    const status = String(attrs('status'));
    if (status === 'running')
      return { type: 'pipelinerun.started', subject: attrs('url'), time: utc(attrs('created_at')) };
    if (['success', 'failed'].includes(status))
      return {
        type: 'pipelinerun.finished',
        subject: attrs('url'),
        time: utc(attrs('finished_at')),
        outcome: status === 'success' ? 'success' : 'failure',
      };
  }
  if (kind === 'deployment' && ['success', 'failed'].includes(String(payload['status'])))
    return {
      type: 'service.deployed',
      subject: get(payload, 'project.path_with_namespace'),
      time: utc(payload['status_changed_at']),
      commitId: String(payload['commit_url']).slice(-40),
      environment: payload['environment'],
      failed: payload['status'] === 'failed',
    };
  if (
    kind === 'issue' &&
    (attrs('type') === 'Incident' || JSON.stringify(attrs('labels')).includes('"incident"'))
  ) {
    if (attrs('action') === 'open')
      return { type: 'incident.detected', subject: attrs('url'), time: utc(attrs('created_at')) };
    if (attrs('action') === 'close')
      return { type: 'incident.resolved', subject: attrs('url'), time: utc(attrs('closed_at')) };
  }
  return undefined;
}

describe('gitlabMapper', () => {
  it('maps every fixture payload as an independent reading says', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    let mapped = 0;
    for (const { file, payload } of fixtures) {
      // A push maps to one event per commit: its own test below.
      if (payload['object_kind'] === 'push') continue;
      const result = gitlabMapper().map(delivery(payload));
      expect(result.ok, file).toBe(true);
      if (!result.ok) continue;
      const expected = expectedOf(payload);
      if (expected === undefined) {
        expect(result.events, file).toEqual([]);
        expect(result.note, file).toBeTruthy();
        continue;
      }
      expect(result.events, file).toHaveLength(1);
      const parsed = pipelineProtocol.parse(result.events[0]);
      expect(parsed.ok && parsed.verified, `${file}: ${JSON.stringify(parsed)}`).toBe(true);
      const cdevent = result.events[0];
      expect(get(cdevent, 'context.type'), file).toMatch(
        new RegExp(`^dev\\.cdevents\\.${String(expected['type'])}\\.`),
      );
      expect(get(cdevent, 'subject.id'), file).toBe(expected['subject']);
      expect(get(cdevent, 'context.timestamp'), file).toBe(expected['time']);
      expect(get(cdevent, 'context.source'), file).toBe(get(payload, 'project.web_url'));
      if (expected['commitId'] !== undefined)
        expect(get(cdevent, 'customData.commitId'), file).toBe(expected['commitId']);
      if (expected['outcome'] !== undefined)
        expect(get(cdevent, 'subject.content.outcome'), file).toBe(expected['outcome']);
      if (expected['environment'] !== undefined)
        expect(get(cdevent, 'subject.content.environment.id'), file).toBe(expected['environment']);
      if (expected['failed'] !== undefined)
        expect(get(cdevent, 'customData.outcome'), file).toBe(
          expected['failed'] === true ? 'failure' : 'success',
        );
      mapped++;
    }
    // Five merge request actions, three pipelines, two deployments, an incident opened and closed.
    expect(mapped).toBe(12);
  });

  it('maps a push to one change per commit, each on the commit before it', () => {
    const pushes = fixtures.filter(({ payload }) => payload['object_kind'] === 'push');
    let commits = 0;
    for (const { file, payload } of pushes) {
      const result = gitlabMapper().map(delivery(payload));
      expect(result.ok, file).toBe(true);
      if (!result.ok) continue;
      const listed = (payload['commits'] ?? []) as Json[];
      const expected = listed.map((commit, index) => {
        const parent = index === 0 ? String(payload['before']) : String(listed[index - 1]?.['id']);
        return {
          type: 'dev.cdevents.change.created.0.4.0',
          subject: commit['url'],
          time: new Date(Date.parse(String(commit['timestamp']))).toISOString(),
          commitId: commit['id'],
          parentCommitId: /^0+$/.test(parent) ? undefined : parent,
          branch: String(payload['ref']).replace('refs/heads/', ''),
        };
      });
      expect(
        result.events.map((event) => ({
          type: get(event, 'context.type'),
          subject: get(event, 'subject.id'),
          time: get(event, 'context.timestamp'),
          commitId: get(event, 'customData.commitId'),
          parentCommitId: get(event, 'customData.parentCommitId'),
          branch: get(event, 'customData.branch'),
        })),
        file,
      ).toEqual(expected);
      for (const event of result.events) {
        const parsed = pipelineProtocol.parse(event);
        expect(parsed.ok && parsed.verified, `${file}: ${JSON.stringify(parsed)}`).toBe(true);
      }
      if (expected.length === 0) expect(result.note, file).toBeTruthy();
      commits += expected.length;
    }
    expect(commits).toBe(2);
  });

  it('reads the three ways GitLab writes a time', () => {
    expect(gitlabTime('2025-06-02T08:14:03Z')).toBe('2025-06-02T08:14:03.000Z');
    expect(gitlabTime('2025-06-02 10:41:40 UTC')).toBe('2025-06-02T10:41:40.000Z');
    expect(gitlabTime('2025-06-02 12:52:10 +0200')).toBe('2025-06-02T10:52:10.000Z');
    expect(gitlabTime('yesterday')).toBeUndefined();
  });

  it('refuses a payload without what its event needs, naming the field', () => {
    expect(
      gitlabMapper().map(delivery({ object_kind: 'merge_request', object_attributes: { action: 'open' } })),
    ).toEqual({
      ok: false,
      field: 'data.object_attributes.url',
      reason: 'is required for this webhook event',
    });
  });
});
