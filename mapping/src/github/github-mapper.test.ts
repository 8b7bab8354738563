import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { pipelineProtocol } from '@tracey/schemas';
import { fixturesDir } from '@tracey/schemas/testing';
import { githubMapper } from './github-mapper.js';

// Issue 19: every GitHub payload of the shared fixtures (real, anonymised) and the repository's
// own maps to the documented CDEvents, each valid against its schema, with what the test reads
// from the payload itself.

type Json = Record<string, unknown>;

const shared = `${fixturesDir()}/github/webhook-payloads`;
const own = fileURLToPath(new URL('../../fixtures/github/', import.meta.url));

/** The `X-GitHub-Event` of each fixture directory (`issue` holds `issues` deliveries). */
const EVENT_OF_DIR: Readonly<Record<string, string>> = { issue: 'issues' };

function payloads(): { event: string; file: string; payload: Json }[] {
  const fromShared = readdirSync(shared).flatMap((dir) =>
    readdirSync(`${shared}/${dir}`)
      .filter((file) => file.endsWith('.json') && !file.includes('headers'))
      .map((file) => ({
        event: EVENT_OF_DIR[dir] ?? dir,
        file: `${dir}/${file}`,
        payload: JSON.parse(readFileSync(`${shared}/${dir}/${file}`, 'utf8')) as Json,
      })),
  );
  const fromOwn = readdirSync(own)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      event: file.split('.')[0] ?? '',
      file,
      payload: JSON.parse(readFileSync(`${own}/${file}`, 'utf8')) as Json,
    }));
  return [...fromShared, ...fromOwn];
}

/** The examples of `@octokit/webhooks-examples` of the event types the mapper maps. */
function octokitExamples(): { event: string; file: string; payload: Json }[] {
  const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
    name: string;
    examples: Json[];
  }[];
  const mapped = [
    'pull_request',
    'pull_request_review',
    'release',
    'deployment_status',
    'workflow_run',
    'issues',
    'ping',
  ];
  return examples
    .filter(({ name }) => mapped.includes(name))
    .flatMap(({ name, examples: payloads }) =>
      payloads.map((payload, index) => ({
        event: name,
        file: `@octokit/webhooks-examples ${name}[${index}]`,
        payload,
      })),
    );
}

const delivery = (event: string, payload: unknown, id = 'bf7ad060-da5f-11ef-94e8-d526e2a0a5f2') =>
  new CloudEvent({ id, source: 'https://github.com', type: `com.github.${event}`, data: payload });

function get(object: unknown, path: string): unknown {
  let value = object;
  for (const key of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return value;
}

/** What the payload says the one CDEvent must be: type, subject id, time, and other fields. */
function expectedOf(event: string, payload: Json, incidentLabel: string): Json | undefined {
  const action = payload['action'];
  const pr = (path: string) => get(payload, `pull_request.${path}`);
  if (event === 'pull_request') {
    if (action === 'opened')
      return { type: 'change.created', subject: pr('html_url'), time: pr('created_at') };
    if (action === 'synchronize' || action === 'edited' || action === 'reopened')
      return { type: 'change.updated', subject: pr('html_url'), time: pr('updated_at') };
    if (action === 'closed' && pr('merged') === true)
      return {
        type: 'change.merged',
        subject: pr('html_url'),
        time: pr('merged_at'),
        commitId: pr('merge_commit_sha'),
      };
    if (action === 'closed')
      return { type: 'change.abandoned', subject: pr('html_url'), time: pr('closed_at') };
  }
  if (event === 'workflow_run') {
    const predicate = { requested: 'queued', in_progress: 'started', completed: 'finished' }[String(action)];
    if (predicate !== undefined)
      return {
        type: `pipelinerun.${predicate}`,
        subject: `${String(get(payload, 'workflow_run.html_url'))}/attempts/${String(get(payload, 'workflow_run.run_attempt'))}`,
        time: get(payload, 'workflow_run.updated_at'),
      };
  }
  if (event === 'release' && action === 'published')
    return {
      type: 'artifact.published',
      subject: `pkg:github/${String(get(payload, 'repository.full_name'))}@${String(get(payload, 'release.tag_name'))}`,
      time: get(payload, 'release.published_at'),
    };
  if (event === 'issues') {
    const labels = ((get(payload, 'issue.labels') ?? []) as { name: string }[]).map((label) => label.name);
    const incident =
      action === 'labeled' ? get(payload, 'label.name') === incidentLabel : labels.includes(incidentLabel);
    if (!incident) return undefined;
    if (action === 'closed')
      return {
        type: 'incident.resolved',
        subject: get(payload, 'issue.html_url'),
        time: get(payload, 'issue.closed_at'),
      };
    if (action === 'opened')
      return {
        type: 'incident.detected',
        subject: get(payload, 'issue.html_url'),
        time: get(payload, 'issue.created_at'),
      };
    if (action === 'labeled' || action === 'reopened')
      return {
        type: 'incident.detected',
        subject: get(payload, 'issue.html_url'),
        time: get(payload, 'issue.updated_at'),
      };
  }
  const state = get(payload, 'deployment_status.state');
  if (event === 'deployment_status' && (state === 'success' || state === 'failure' || state === 'error'))
    return {
      type: 'service.deployed',
      subject: get(payload, 'repository.full_name'),
      time: get(payload, 'deployment_status.created_at'),
      commitId: get(payload, 'deployment.sha'),
      outcome: state === 'success' ? 'success' : 'failure',
    };
  if (event === 'pull_request_review' && action === 'submitted')
    return { type: 'change.reviewed', subject: pr('html_url'), time: get(payload, 'review.submitted_at') };
  return undefined;
}

describe('githubMapper', () => {
  const all = payloads();

  it.each([
    ['incident', 0],
    ['bug', 3],
  ] as const)(
    'maps every fixture payload as an independent reading says (incident label %s)',
    (label, minimumIncidents) => {
      expect(all.length).toBeGreaterThanOrEqual(47);
      const mapper = githubMapper({ incidentLabel: label });
      let mappedCount = 0;
      let incidents = 0;
      for (const { event, file, payload } of all) {
        // A push maps to one event per commit: its own test below.
        if (event === 'push') continue;
        const result = mapper.map(delivery(event, payload));
        expect(result.ok, file).toBe(true);
        if (!result.ok) continue;
        const expected = expectedOf(event, payload, label);
        if (expected === undefined) {
          expect(result.events, file).toEqual([]);
          expect(result.note, file).toBeTruthy();
          continue;
        }
        expect(result.events, file).toHaveLength(1);
        const parsed = pipelineProtocol.parse(result.events[0]);
        expect(parsed.ok && parsed.verified, `${file}: ${JSON.stringify(parsed)}`).toBe(true);
        const cdevent = result.events[0] as Json;
        expect(get(cdevent, 'context.type'), file).toMatch(
          new RegExp(`^dev\\.cdevents\\.${String(expected['type'])}\\.`),
        );
        expect(get(cdevent, 'subject.id'), file).toBe(expected['subject']);
        expect(get(cdevent, 'context.timestamp'), file).toBe(expected['time']);
        expect(get(cdevent, 'context.source'), file).toBe(get(payload, 'repository.html_url'));
        if (expected['commitId'] !== undefined)
          expect(get(cdevent, 'customData.commitId'), file).toBe(expected['commitId']);
        if (String(expected['type']).startsWith('incident.')) incidents++;
        mappedCount++;
      }
      // Not vacuous: pull requests, workflow runs, a release and a deployment map to events.
      expect(mappedCount).toBeGreaterThanOrEqual(11 + minimumIncidents);
      expect(incidents).toBeGreaterThanOrEqual(minimumIncidents);
    },
  );

  it('maps every example of @octokit/webhooks-examples of the mapped types as an independent reading says', () => {
    const examples = octokitExamples();
    expect(examples.length).toBeGreaterThan(80);
    let mappedCount = 0;
    for (const { event, file, payload } of examples) {
      const result = githubMapper().map(delivery(event, payload));
      expect(result.ok, `${file}: ${JSON.stringify(result)}`).toBe(true);
      if (!result.ok) continue;
      const expected = expectedOf(event, payload, 'incident');
      if (expected === undefined) {
        expect(result.events, file).toEqual([]);
        continue;
      }
      const parsed = pipelineProtocol.parse(result.events[0]);
      expect(parsed.ok && parsed.verified, `${file}: ${JSON.stringify(parsed)}`).toBe(true);
      expect(get(result.events[0], 'subject.id'), file).toBe(expected['subject']);
      expect(get(result.events[0], 'context.timestamp'), file).toBe(expected['time']);
      if (expected['outcome'] !== undefined)
        expect(get(result.events[0], 'customData.outcome'), file).toBe(expected['outcome']);
      mappedCount++;
    }
    expect(mappedCount).toBeGreaterThanOrEqual(20);
  });

  it('maps a push to one change per commit it brings, each on the commit before it', () => {
    const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
      name: string;
      examples: Json[];
    }[];
    const pushes = [
      ...(examples.find(({ name }) => name === 'push')?.examples ?? []).map((payload, index) => ({
        file: `@octokit/webhooks-examples push[${index}]`,
        payload,
      })),
      ...all.filter(({ event }) => event === 'push'),
    ];
    let commits = 0;
    for (const { file, payload } of pushes) {
      const result = githubMapper().map(delivery('push', payload));
      expect(result.ok, file).toBe(true);
      if (!result.ok) continue;
      // Independent reading: the branch's commits GitHub marks distinct, each after the one before.
      const listed = String(payload['ref']).startsWith('refs/heads/')
        ? ((payload['commits'] ?? []) as Json[])
        : [];
      const expected = listed.flatMap((commit, index) => {
        const parent = index === 0 ? String(payload['before']) : String(listed[index - 1]?.['id']);
        return commit['distinct'] === false
          ? []
          : [
              {
                type: 'dev.cdevents.change.created.0.4.0',
                subject: commit['url'],
                time: commit['timestamp'],
                commitId: commit['id'],
                parentCommitId: /^0+$/.test(parent) ? undefined : parent,
              },
            ];
      });
      expect(
        result.events.map((event) => ({
          type: get(event, 'context.type'),
          subject: get(event, 'subject.id'),
          time: get(event, 'context.timestamp'),
          commitId: get(event, 'customData.commitId'),
          parentCommitId: get(event, 'customData.parentCommitId'),
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
    // Not vacuous: the examples' branch pushes and the fixture's two distinct commits.
    expect(commits).toBeGreaterThanOrEqual(4);
  });

  it('reads `root cause: <sha>` from an incident issue', () => {
    const sha = 'Ab12'.repeat(10);
    const payload = (body: string | null) => ({
      action: 'opened',
      issue: {
        html_url: 'https://github.com/acme/shop/issues/9',
        title: 'Checkout fails',
        body,
        labels: [{ name: 'incident' }],
        created_at: '2026-11-30T10:00:00Z',
      },
      repository: { full_name: 'acme/shop', html_url: 'https://github.com/acme/shop' },
    });
    const rootCause = (body: string | null) => {
      const result = githubMapper().map(delivery('issues', payload(body)));
      return result.ok ? get(result.events[0], 'customData.rootCause') : 'refused';
    };
    expect(rootCause(`Errors since the deploy.\n\nRoot cause: ${sha}\n`)).toBe(sha.toLowerCase());
    expect(rootCause(`root-cause:${sha.slice(0, 7)} (the rounding change)`)).toBe(
      sha.slice(0, 7).toLowerCase(),
    );
    expect(rootCause('the cause is unknown')).toBeUndefined();
    expect(rootCause(null)).toBeUndefined();
  });

  it('maps a redelivered webhook to the same event, whatever the delivery id', () => {
    const merged = all.find(({ file }) => file === 'pull_request/closed.01.json');
    if (merged === undefined) throw new Error('fixture missing');
    const first = githubMapper().map(delivery('pull_request', merged.payload, 'delivery-1'));
    const again = githubMapper().map(delivery('pull_request', merged.payload, 'delivery-2'));
    expect(first.ok && again.ok && first.events).toEqual(again.ok && again.events);
  });

  it('refuses a payload without what its event needs, naming the field', () => {
    expect(githubMapper().map(delivery('pull_request', { action: 'opened', repository: {} }))).toEqual({
      ok: false,
      field: 'data.pull_request.html_url',
      reason: 'is required for this webhook event',
    });
    expect(githubMapper().map(delivery('pull_request', 'not json'))).toMatchObject({
      ok: false,
      field: 'data',
    });
  });

  it('takes only GitHub webhooks', () => {
    expect(githubMapper().matches(delivery('push', {}))).toBe(true);
    expect(
      githubMapper().matches(
        new CloudEvent({ source: '/x', type: 'dev.knative.apiserver.resource.add', data: {} }),
      ),
    ).toBe(false);
  });

  it('names the work item keys of a pull request title and branch, and of a commit message', () => {
    const pullRequest = {
      action: 'opened',
      pull_request: {
        html_url: 'https://github.com/acme/shop/pull/7',
        title: 'CVE-2024-3094: SHOP-123 tax in the total (UTF-8 safe, see SHA-256 note)',
        head: { sha: 'ab'.repeat(20), ref: 'feature/SHOP-124-total' },
        created_at: '2026-11-30T10:00:00Z',
      },
      repository: { full_name: 'acme/shop', html_url: 'https://github.com/acme/shop' },
    };
    const opened = githubMapper().map(delivery('pull_request', pullRequest));
    expect(opened.ok && get(opened.events[0], 'customData.ticketKeys')).toEqual(['SHOP-123', 'SHOP-124']);
    const push = {
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      commits: [
        { id: 'cd'.repeat(20), message: 'Round totals\n\nFixes SHOP-9', timestamp: '2026-11-30T09:00:00Z' },
        { id: 'ef'.repeat(20), message: 'Tidy up', timestamp: '2026-11-30T09:05:00Z' },
      ],
      repository: { full_name: 'acme/shop', html_url: 'https://github.com/acme/shop' },
    };
    const pushed = githubMapper().map(delivery('push', push));
    expect(pushed.ok && pushed.events.map((event) => get(event, 'customData.ticketKeys'))).toEqual([
      ['SHOP-9'],
      undefined,
    ]);
  });

  it('maps a completed run of a deploy workflow to a deployment of its head commit too', () => {
    const completed = all.find(({ file }) => file === 'workflow_run/completed.json');
    if (completed === undefined) throw new Error('fixture missing');
    const run = completed.payload['workflow_run'] as Json;
    const name = String(run['name']);
    const deploys = githubMapper({ deployWorkflows: new RegExp(`^${name}$`), deployEnvironment: 'prod' });
    const result = deploys.map(delivery('workflow_run', completed.payload));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map((event) => get(event, 'context.type'))).toEqual([
      'dev.cdevents.pipelinerun.finished.0.3.0',
      'dev.cdevents.service.deployed.0.3.0',
    ]);
    const deployment = result.events[1];
    const parsed = pipelineProtocol.parse(deployment);
    expect(parsed.ok && parsed.verified).toBe(true);
    expect(get(deployment, 'customData.commitId')).toBe(run['head_sha']);
    expect(get(deployment, 'customData.outcome')).toBe(
      run['conclusion'] === 'success' ? 'success' : 'failure',
    );
    expect(get(deployment, 'subject.content.environment.id')).toBe('prod');
    expect(get(deployment, 'context.timestamp')).toBe(run['updated_at']);
    // Another workflow's run, or no pattern: the pipeline run alone.
    for (const mapper of [githubMapper({ deployWorkflows: /^deploy$/ }), githubMapper()]) {
      const other = mapper.map(delivery('workflow_run', completed.payload));
      expect(other.ok && other.events).toHaveLength(1);
    }
  });
});
