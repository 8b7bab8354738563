import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { GetMessage } from 'amqplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eiffelEvent, validateEiffelEvent } from '@tracey/schemas';
import { AmqpTestBroker, testServices } from '@tracey/testing';
import { CLI_ERROR_CODES } from '../src/internal/cli-error.js';
import { runTracey } from './run-tracey.js';

const cdeventsDir = `${(process.env['TRACEY_FIXTURES_DIR'] ?? new URL('../../../shared/fixtures/', import.meta.url).pathname).replace(/\/$/, '')}/cdevents`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNREACHABLE = 'amqp://guest:guest@127.0.0.1:1';

let broker: AmqpTestBroker;
let work: string;
let exchange: string;
let queue: string;
let env: Record<string, string>;

beforeAll(async () => {
  broker = await AmqpTestBroker.connect(testServices().amqpUrl);
  work = await mkdtemp(`${tmpdir()}/tracey-cli-`);
});
afterAll(async () => {
  await broker.cleanup();
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  exchange = await broker.topicExchange('cli');
  queue = await broker.boundQueue(exchange, ['#']);
  const spool = await mkdtemp(`${work}/spool-`);
  env = {
    TRACEY_AMQP_URL: testServices().amqpUrl,
    TRACEY_EXCHANGE: exchange,
    TRACEY_SPOOL_DIR: spool,
    TRACEY_LOG_LEVEL: 'silent',
  };
});

async function received(): Promise<GetMessage[]> {
  const messages: GetMessage[] = [];
  for (;;) {
    const message = await broker.channel.get(queue, { noAck: true });
    if (message === false) return messages;
    messages.push(message);
  }
}

function body(message: GetMessage | undefined): {
  meta: { id: string; type: string; time: number };
  links: { type: string; target: string }[];
  data: Record<string, unknown>;
} {
  return JSON.parse(message?.content.toString('utf8') ?? 'null') as never;
}

describe('tracey publish', () => {
  it('prints only the id and publishes a persistent, valid event with its routing key', async () => {
    const run = await runTracey(
      ['publish', 'ArtifactCreated', '--set', 'data.identity=pkg:npm/app@1.0.0', '--domain-id', 'acme.com'],
      env,
    );
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    expect(run.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const id = run.stdout.trim();
    expect(id).toMatch(UUID);

    const [message, ...more] = await received();
    expect(more).toEqual([]);
    expect(message?.fields.routingKey).toBe('eiffel.artifact.EiffelArtifactCreatedEvent._.acme.com');
    expect(message?.properties).toMatchObject({
      deliveryMode: 2,
      contentType: 'application/json',
      messageId: id,
    });
    const parsed = validateEiffelEvent(JSON.parse(message?.content.toString('utf8') ?? 'null'));
    expect(parsed.ok && parsed.verified && parsed.event.meta.id).toBe(id);
  });

  it('chains SCC → SCS → ArtC → ArtP → CLM from a git repository, each linked to the one before', async () => {
    const repo = await mkdtemp(`${work}/repo-`);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Ada');
    git('config', 'user.email', 'ada@example.com');
    git('remote', 'add', 'origin', 'https://github.com/acme/app.git');
    await writeFile(`${repo}/README`, 'app\n');
    git('add', 'README');
    git('commit', '-q', '-m', 'ABC-7: first cut\n\nFixes #42');
    const sha = git('rev-parse', 'HEAD').trim();

    const id = async (argv: string[]): Promise<string> => {
      const run = await runTracey(argv, env);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      return run.stdout.trim();
    };
    const scc = await id([
      'scm',
      'created',
      '--repo',
      repo,
      '--issue-url',
      'https://jira.acme.com/browse/{id}',
    ]);
    const scs = await id(['scm', 'submitted', '--repo', repo, '--change', scc]);
    const artc = await id([
      'artifact',
      'created',
      '--identity',
      'pkg:npm/app@1.0.0',
      '--link',
      `CAUSE=${scs}`,
    ]);
    const artp = await id([
      'artifact',
      'published',
      '--artifact',
      artc,
      '--location',
      'https://registry.example.com/app-1.0.0.tgz',
    ]);
    const clm = await id([
      'confidence',
      '--subject',
      artc,
      '--name',
      'RELEASE_CANDIDATE',
      '--value',
      'SUCCESS',
      '--link',
      `CAUSE=${artp}`,
    ]);

    const [jira, github, ...events] = (await received()).map(body);
    expect([jira?.meta.type, github?.meta.type]).toEqual([
      'EiffelIssueDefinedEvent',
      'EiffelIssueDefinedEvent',
    ]);
    expect(jira?.data).toEqual({
      type: 'WORK_ITEM',
      tracker: 'JIRA',
      id: 'ABC-7',
      uri: 'https://jira.acme.com/browse/ABC-7',
    });
    expect(github?.data).toMatchObject({ id: '#42', uri: 'https://github.com/acme/app/issues/42' });
    expect(events.map((event) => event.meta.id)).toEqual([scc, scs, artc, artp, clm]);
    const [sccEvent, scsEvent, artcEvent, artpEvent, clmEvent] = events;
    expect(sccEvent?.data).toEqual({
      author: { name: 'Ada', email: 'ada@example.com' },
      gitIdentifier: {
        commitId: sha,
        branch: 'main',
        repoUri: 'https://github.com/acme/app.git',
        repoName: 'app',
      },
    });
    expect(sccEvent?.links).toEqual([
      { type: 'PARTIALLY_RESOLVED_ISSUE', target: jira?.meta.id },
      { type: 'RESOLVED_ISSUE', target: github?.meta.id },
    ]);
    expect(scsEvent?.links).toEqual([{ type: 'CHANGE', target: scc }]);
    expect(artcEvent?.links).toEqual([{ type: 'CAUSE', target: scs }]);
    expect(artpEvent?.links).toEqual([{ type: 'ARTIFACT', target: artc }]);
    expect(clmEvent?.links).toEqual([
      { type: 'SUBJECT', target: artc },
      { type: 'CAUSE', target: artp },
    ]);
  });

  it('publishes an activity triggered → started → finished in a CI job, named after the job', async () => {
    const ci = {
      ...env,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_RUN_ID: '9',
      GITHUB_WORKFLOW: 'ci',
      GITHUB_JOB: 'build',
    };
    const act = (await runTracey(['activity', 'triggered'], ci)).stdout.trim();
    await runTracey(['activity', 'started', '--activity', act], ci);
    await runTracey(['activity', 'finished', '--activity', act, '--conclusion', 'SUCCESSFUL'], ci);
    const [triggered, started, finished] = (await received()).map(body);
    expect(triggered?.data).toMatchObject({ name: 'ci/build', executionType: 'AUTOMATED' });
    expect(triggered?.meta).toMatchObject({
      source: { name: 'github-actions', uri: 'https://github.com/acme/app/actions/runs/9' },
    });
    expect(started?.data).toEqual({ executionUri: 'https://github.com/acme/app/actions/runs/9' });
    expect(finished?.links).toEqual([{ type: 'ACTIVITY_EXECUTION', target: act }]);
  });

  it('exits 2 on bad input, naming each field and reason, without a stack trace or an event', async () => {
    const run = await runTracey(
      ['publish', 'ConfidenceLevelModified', '--data', '{"name":"RC","value":"MAYBE"}'],
      env,
    );
    expect(run).toMatchObject({ exitCode: 2, errorCode: CLI_ERROR_CODES.badInput });
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^tracey: invalid ConfidenceLevelModified event\n/);
    expect(run.stderr).toMatch(/^ {2}data\.value: .+$/m);
    expect(run.stderr).toMatch(/^ {2}links: .*SUBJECT.*$/m);
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(await received()).toEqual([]);

    const unknown = await runTracey(['publish', 'NoSuchEvent'], env);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/type: unknown Eiffel event type "NoSuchEvent"/);
    const badFlag = await runTracey(
      ['confidence', '--subject', 'x', '--name', 'RC', '--value', 'PERHAPS'],
      env,
    );
    expect(badFlag.exitCode).toBe(2);
  });

  it('writes NDJSON to stdout or a file instead of the broker when asked', async () => {
    const stdout = await runTracey(
      ['publish', 'ArtifactCreated', '--set', 'data.identity=pkg:npm/a@1', '--output', 'stdout'],
      env,
    );
    expect(stdout.exitCode).toBe(0);
    const lines = stdout.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(validateEiffelEvent(JSON.parse(lines[0] ?? '')).ok).toBe(true);

    const file = `${work}/out.ndjson`;
    const toFile = await runTracey(
      [
        'publish',
        'ArtifactCreated',
        '--set',
        'data.identity=pkg:npm/a@1',
        '--output',
        'file',
        '--output-file',
        file,
        '--json',
      ],
      env,
    );
    expect(JSON.parse(toFile.stdout)).toMatchObject({
      status: 'published',
      type: 'EiffelArtifactCreatedEvent',
    });
    expect(await received()).toEqual([]);
  });

  it('exits 2 with CLI_CONFIG_INVALID on a bad TRACEY_* variable, naming it', async () => {
    const run = await runTracey(['publish', 'ArtifactCreated', '--set', 'data.identity=pkg:npm/a@1'], {
      ...env,
      TRACEY_CONFIRM_MS: 'soon',
    });
    expect(run).toMatchObject({ exitCode: 2, errorCode: CLI_ERROR_CODES.configInvalid });
    expect(run.stderr).toContain('TRACEY_CONFIRM_MS');
    expect(await received()).toEqual([]);
  });

  it('exits 1 with CLI_NOT_PUBLISHED when the output refuses the event for good', async () => {
    const file = `${work}/no-such-dir/out.ndjson`;
    const run = await runTracey(
      [
        'publish',
        'ArtifactCreated',
        '--set',
        'data.identity=pkg:npm/a@1',
        '--output',
        'file',
        '--output-file',
        file,
      ],
      env,
    );
    expect(run).toMatchObject({ exitCode: 1, errorCode: CLI_ERROR_CODES.notPublished });
    expect(run.stderr).toMatch(/^tracey: event \S+ not published: cannot write NDJSON: .*ENOENT/m);
  });
});

describe('tracey with the broker unreachable', () => {
  it('spools (exit 0 with a warning, 3 with --strict) and spool flush delivers each event exactly once', async () => {
    const down = { ...env, TRACEY_AMQP_URL: UNREACHABLE };
    const ids: string[] = [];
    for (const version of ['1.0.0', '1.0.1', '1.0.2']) {
      const run = await runTracey(['artifact', 'created', '--identity', `pkg:npm/app@${version}`], down);
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toMatch(/^tracey: warning: event [0-9a-f-]{36} spooled in .*ECONNREFUSED/);
      ids.push(run.stdout.trim());
    }
    const strict = await runTracey(
      ['artifact', 'created', '--identity', 'pkg:npm/app@1.0.3', '--strict'],
      down,
    );
    expect(strict).toMatchObject({ exitCode: 3, errorCode: CLI_ERROR_CODES.spooledStrict });
    ids.push(strict.stdout.trim());
    expect(ids.every((id) => UUID.test(id))).toBe(true);

    const status = await runTracey(['spool', 'status', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ events: 4 });
    expect(await runTracey(['spool', 'flush'], down)).toMatchObject({ exitCode: 3 });

    const flush = await runTracey(['spool', 'flush'], env);
    expect(flush).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^flushed 4 events; 0 remain/) as unknown,
    });
    expect(await runTracey(['spool', 'flush'], env)).toMatchObject({
      stdout: expect.stringMatching(/^flushed 0 events/) as unknown,
    });

    const delivered = (await received()).map((message) => message.properties.messageId as string);
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it('keeps an event the broker refuses (bad credentials) in the spool instead of losing it', async () => {
    const url = new URL(testServices().amqpUrl);
    url.password = 'not-the-password';
    const run = await runTracey(['artifact', 'created', '--identity', 'pkg:npm/app@3.0.0'], {
      ...env,
      TRACEY_AMQP_URL: url.href,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/spooled in .*ACCESS_REFUSED/);
    expect(run.stderr).not.toContain('not-the-password');
    await runTracey(['spool', 'flush'], env);
    expect((await received()).map((message) => message.properties.messageId as string)).toEqual([
      run.stdout.trim(),
    ]);
  });

  it('re-sends the spool automatically before the next publish', async () => {
    const spooled = (
      await runTracey(['artifact', 'created', '--identity', 'pkg:npm/app@2.0.0'], {
        ...env,
        TRACEY_AMQP_URL: UNREACHABLE,
      })
    ).stdout.trim();
    const next = (
      await runTracey(['artifact', 'created', '--identity', 'pkg:npm/app@2.0.1'], env)
    ).stdout.trim();
    expect((await received()).map((message) => message.properties.messageId as string)).toEqual([
      spooled,
      next,
    ]);
  });
});

describe('tracey publish --file', () => {
  it('publishes every valid event, lists the invalid ones with their lines and exits 2', async () => {
    const events = Array.from({ length: 5 }, (_, index) =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/bulk@1.0.${index}` }).build(),
    );
    const lines = events.map((event) => JSON.stringify(event));
    lines.splice(2, 0, '{"meta":{}}', 'not json');
    const file = `${work}/bulk.ndjson`;
    await writeFile(file, `${lines.join('\n')}\n`);
    const run = await runTracey(['publish', '--file', file, '--batch-size', '2'], env);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^tracey: published 5 of 7 events to amqp\+spool in [\d.]+ s \(\d+\/s\), 2 invalid$/m,
    );
    expect(run.stderr).toContain(`${file}:4: (event): not JSON`);
    expect(run.stderr).toMatch(new RegExp(`${file}:3: meta\\.id: `));
    // Batches in flight at once (--in-flight) are confirmed, not delivered, in file order: every
    // valid event once, in any order (the graph does not depend on it).
    const delivered = (await received()).map((message) => message.properties.messageId as string);
    expect([...delivered].sort()).toEqual(events.map((event) => event.meta.id).sort());
  });

  it('publishes CDEvents beside Eiffel events, each with its routing key, and names a bad field', async () => {
    const cdevent = JSON.parse(
      readFileSync(`${cdeventsDir}/v0.5.1/conformance/service_deployed.json`, 'utf8'),
    ) as {
      context: { id: string };
      subject: { content: Record<string, unknown> };
    };
    const broken = structuredClone(cdevent);
    broken.context.id = 'broken-1';
    delete broken.subject.content['artifactId'];
    const eiffel = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/mixed@1.0.0' }).build();
    const file = `${work}/mixed.ndjson`;
    await writeFile(file, [cdevent, eiffel, broken].map((event) => JSON.stringify(event)).join('\n'));
    const run = await runTracey(['publish', '--file', file], env);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`${file}:3: subject.content.artifactId: is required`);
    const delivered = (await received()).map((message) => [
      message.properties.messageId as string,
      message.fields.routingKey,
    ]);
    expect(delivered).toEqual([
      [cdevent.context.id, 'cdevents.service.deployed.0.3.0'],
      [eiffel.meta.id, expect.stringMatching(/^eiffel\.artifact\.EiffelArtifactCreatedEvent\./) as string],
    ]);

    // Told which protocol the file is, it refuses an event of the other, naming what is missing.
    const strict = await runTracey(['publish', '--file', file, '--protocol', 'cdevents'], env);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toMatch(new RegExp(`${file}:2: context: `));
    expect(strict.stderr).toContain(`${file}:3: subject.content.artifactId: is required`);
    expect((await received()).map((message) => message.properties.messageId as string)).toEqual([
      cdevent.context.id,
    ]);
  });
});

describe('tracey composition and artifact created --change: what an artifact is made of', () => {
  const SCS1 = '11111111-1111-4111-8111-111111111111';
  const SCS2 = '22222222-2222-4222-8222-222222222222';

  it('artifact created --change publishes a composition of the changes first and links it as COMPOSITION', async () => {
    const run = await runTracey(
      [
        'artifact',
        'created',
        '--identity',
        'pkg:npm/%40acme/app@1.4.0',
        '--change',
        SCS1,
        '--change',
        SCS2,
        '--link',
        `CONTEXT=${SCS1}`,
      ],
      env,
    );
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const [composition, artifact, ...more] = (await received()).map(body);
    expect(more).toEqual([]);
    expect(run.stdout).toBe(`${artifact?.meta.id}\n`);
    expect(composition?.meta.type).toBe('EiffelCompositionDefinedEvent');
    expect(composition?.data).toEqual({ name: 'pkg:npm/%40acme/app', version: '1.4.0' });
    expect(composition?.links).toEqual([
      { type: 'ELEMENT', target: SCS1 },
      { type: 'ELEMENT', target: SCS2 },
    ]);
    expect(artifact?.links).toEqual([
      { type: 'COMPOSITION', target: composition?.meta.id },
      { type: 'CONTEXT', target: SCS1 },
    ]);
    expect(validateEiffelEvent(composition).ok && validateEiffelEvent(artifact).ok).toBe(true);
    expect(composition?.meta.time).toBeLessThanOrEqual(artifact?.meta.time ?? 0);
  });

  it('tracey composition publishes ELEMENT links and the previous version, printing only its id', async () => {
    const run = await runTracey(
      [
        'composition',
        '--name',
        'shop',
        '--version',
        '2',
        '--element',
        SCS1,
        '--element',
        SCS2,
        '--previous',
        SCS1,
      ],
      env,
    );
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
    const [composition, ...more] = (await received()).map(body);
    expect(more).toEqual([]);
    expect(run.stdout).toBe(`${composition?.meta.id}\n`);
    expect(composition?.data).toEqual({ name: 'shop', version: '2' });
    expect(composition?.links).toEqual([
      { type: 'ELEMENT', target: SCS1 },
      { type: 'ELEMENT', target: SCS2 },
      { type: 'PREVIOUS_VERSION', target: SCS1 },
    ]);
  });

  it('refuses --change with --composition (exit 2) and publishes nothing', async () => {
    const run = await runTracey(
      ['artifact', 'created', '--identity', 'pkg:npm/a@1', '--change', SCS1, '--composition', SCS2],
      env,
    );
    expect(run.exitCode).toBe(2);
    expect(await received()).toEqual([]);
  });
});
