import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { cdeventsIndexedProperties, pipelineProtocol, type CdEvent } from '@tracey/schemas';
import { jiraMapper, jiraTime } from './jira-mapper.js';

// Issue 19: Jira payloads (mapping/fixtures/jira, written from Atlassian's documented webhook
// format) map to CDEvents ticket events, each valid against its schema, as an independent reading
// of the payload says.

type Json = Record<string, unknown>;
const dir = fileURLToPath(new URL('../../fixtures/jira/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, payload: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Json }));

const delivery = (payload: Json) =>
  new CloudEvent({
    id: 'a9f1c2d3-0000-4000-8000-000000000001',
    source: 'https://acme.atlassian.net',
    type: `com.atlassian.jira.${String(payload['webhookEvent']).replace('jira:', '')}`,
    data: payload,
  });

function get(object: unknown, path: string): unknown {
  let value = object;
  for (const key of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

/** `2026-11-02T09:15:30.123+0100` → `2026-11-02T08:15:30.123Z`, by hand. */
function utc(value: unknown): string {
  const match = /^(.+)([+-])(\d{2})(\d{2})$/.exec(String(value));
  if (match === null) throw new Error(`not a Jira time: ${String(value)}`);
  const offset = (match[2] === '-' ? -1 : 1) * (Number(match[3]) * 60 + Number(match[4])) * 60_000;
  return new Date(Date.parse(`${match[1]}Z`) - offset).toISOString();
}

const STARTED = ['In Progress', 'Started'];

/** What the payload says the CDEvent must be, or `undefined` when nothing. */
function expectedOf(payload: Json): Json | undefined {
  const self = String(get(payload, 'issue.self'));
  const site = self.slice(0, self.indexOf('/rest/'));
  const key = get(payload, 'issue.key');
  const common = { subject: key, source: site, uri: `${site}/browse/${String(key)}` };
  if (payload['webhookEvent'] === 'jira:issue_created')
    return {
      ...common,
      type: 'dev.cdevents.ticket.created.0.2.0',
      time: utc(get(payload, 'issue.fields.created')),
      summary: get(payload, 'issue.fields.summary'),
      creator: get(payload, 'issue.fields.creator.displayName'),
    };
  if (payload['webhookEvent'] !== 'jira:issue_updated') return undefined;
  const items = get(payload, 'changelog.items') as Json[];
  const time = new Date(payload['timestamp'] as number).toISOString();
  const resolution = get(
    items.find((item) => item['field'] === 'resolution'),
    'toString',
  );
  if (typeof resolution === 'string')
    return {
      ...common,
      type: 'dev.cdevents.ticket.closed.0.2.0',
      time,
      resolution: { Done: 'completed', "Won't Do": 'withdrawn' }[resolution],
    };
  const status = get(
    items.find((item) => item['field'] === 'status'),
    'toString',
  );
  if (typeof status === 'string' && STARTED.includes(status))
    return { ...common, type: 'dev.cdevents.ticket.updated.0.2.0', time, stage: 'started' };
  return undefined;
}

describe('jiraMapper', () => {
  it('maps every fixture payload as an independent reading says', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    const mapper = jiraMapper({ inProgressStatuses: STARTED });
    let mapped = 0;
    for (const { file, payload } of fixtures) {
      const result = mapper.map(delivery(payload));
      expect(result.ok, file).toBe(true);
      if (!result.ok) continue;
      const expected = expectedOf(payload);
      if (expected === undefined) {
        expect(result.events, file).toEqual([]);
        expect(result.note, file).toBeTruthy();
        continue;
      }
      expect(result.events, file).toHaveLength(1);
      const cdevent = result.events[0];
      const parsed = pipelineProtocol.parse(cdevent);
      expect(parsed.ok && parsed.verified, `${file}: ${JSON.stringify(parsed)}`).toBe(true);
      expect(get(cdevent, 'context.type'), file).toBe(expected['type']);
      expect(get(cdevent, 'context.source'), file).toBe(expected['source']);
      expect(get(cdevent, 'context.timestamp'), file).toBe(expected['time']);
      expect(get(cdevent, 'subject.id'), file).toBe(expected['subject']);
      expect(get(cdevent, 'subject.source'), file).toBe(expected['source']);
      expect(get(cdevent, 'subject.content.uri'), file).toBe(expected['uri']);
      for (const field of ['summary', 'creator', 'resolution'])
        if (expected[field] !== undefined)
          expect(get(cdevent, `subject.content.${field}`), `${file} ${field}`).toBe(expected[field]);
      // On the graph: the work item's key, and the stage a transition took it to.
      const properties = cdeventsIndexedProperties(cdevent as CdEvent);
      expect(properties['ticketKey'], file).toBe(expected['subject']);
      if (expected['stage'] !== undefined) expect(properties['ticketStage'], file).toBe(expected['stage']);
      mapped++;
    }
    // Two issues created, two transitions into work, two resolutions.
    expect(mapped).toBe(6);
  });

  it('maps a redelivered webhook to the same event, another transition to another', () => {
    const [started] = fixtures.filter(({ file }) => file === 'issue_updated.in-progress.json');
    const payload = started?.payload ?? {};
    const once = jiraMapper().map(delivery(payload));
    const again = jiraMapper().map(
      new CloudEvent({
        id: 'another-delivery',
        source: 'x:y',
        type: 'com.atlassian.jira.issue_updated',
        data: payload,
      }),
    );
    expect(once.ok && again.ok).toBe(true);
    if (!once.ok || !again.ok) return;
    expect(get(again.events[0], 'context.id')).toBe(get(once.events[0], 'context.id'));
    const later = structuredClone(payload);
    (later['changelog'] as Json)['id'] = '99999';
    const other = jiraMapper().map(delivery(later));
    expect(other.ok && get(other.events[0], 'context.id')).not.toBe(get(once.events[0], 'context.id'));
  });

  it('takes "in progress" statuses as configured, in any case', () => {
    const server = fixtures.find(({ file }) => file === 'issue_updated.server-started.json')?.payload ?? {};
    const byDefault = jiraMapper().map(delivery(server));
    expect(byDefault.ok && byDefault.events).toEqual([]);
    const configured = jiraMapper({ inProgressStatuses: ['started'] }).map(delivery(server));
    expect(configured.ok && configured.events).toHaveLength(1);
  });

  it('answers an update without a changelog (a comment) with a note, not a refusal', () => {
    const comment = structuredClone(
      fixtures.find(({ file }) => file === 'issue_updated.summary.json')?.payload ?? {},
    );
    delete comment['changelog'];
    delete comment['timestamp'];
    const result = jiraMapper().map(delivery(comment));
    expect(result).toMatchObject({ ok: true, events: [] });
  });

  it('refuses a payload without the issue key, naming the field', () => {
    const created = structuredClone(
      fixtures.find(({ file }) => file === 'issue_created.story.json')?.payload ?? {},
    );
    delete (created['issue'] as Json)['key'];
    expect(jiraMapper().map(delivery(created))).toEqual({
      ok: false,
      field: 'data.issue.key',
      reason: 'is required for this webhook event',
    });
  });

  it('reads Jira times with and without a colon in the offset', () => {
    expect(jiraTime('2026-11-02T09:15:30.123+0100')).toBe('2026-11-02T08:15:30.123Z');
    expect(jiraTime('2026-11-02T09:15:30.123-05:30')).toBe('2026-11-02T14:45:30.123Z');
    expect(jiraTime(1762071330123)).toBe('2025-11-02T08:15:30.123Z');
    expect(jiraTime('yesterday')).toBeUndefined();
  });
});
