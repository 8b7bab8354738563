import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmqpTestBroker, testServices } from '@tracey/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { installTracey, type InstalledTracey } from '@tracey/producer-cli/testing';
import { startListeningQueryApi, type ListeningQueryApi } from './listening-query-api.js';

// What `tracey` (the bundle users get) does differently on a terminal than in a pipe, by design
// (README "Publishing from a build script"): reports and search results are read by a person on
// a terminal and by a program in a pipe; a bulk publish draws progress on a terminal only; oclif's
// own messages are coloured on a terminal unless NO_COLOR is set. Everything else is the same:
// --json, the ids publishing prints, tracey's own errors.
const ESC = '\x1b';
const iso = (event: EiffelEvent) => new Date(event.meta.time).toISOString();
const identity = (event: EiffelEvent) => (event.data as { identity: string }).identity;

// A release of three components: the search finds four artifacts, the report lists them.
function release(): { events: EiffelEvent[]; artifacts: EiffelEvent[]; clm: EiffelEvent } {
  let clock = Date.parse('2026-11-24T08:00:00.000Z');
  const at = () => ({ time: (clock += 60_000) });
  const artifact = (identity: string) =>
    eiffelEvent('EiffelArtifactCreatedEvent', { identity }, at()).build() as EiffelEvent;
  const components = ['left-pad', 'right-pad', 'centre-pad'].map((name) =>
    artifact(`pkg:npm/terminal-${name}@1.0.0`),
  );
  let composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'terminal-app' }, at());
  for (const component of components) composition = composition.link('ELEMENT', component.meta.id);
  const cd = composition.build() as EiffelEvent;
  const app = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/terminal-app@2.0.0' }, at())
    .link('COMPOSITION', cd.meta.id)
    .build() as EiffelEvent;
  const clm = eiffelEvent('EiffelConfidenceLevelModifiedEvent', { name: 'release', value: 'SUCCESS' }, at())
    .link('SUBJECT', app.meta.id)
    .build() as EiffelEvent;
  return { events: [...components, cd, app, clm], artifacts: [...components, app], clm };
}

describe('tracey on a terminal and in a pipe', () => {
  const services = testServices();
  const fixture = release();
  let tracey: InstalledTracey;
  let queryApi: ListeningQueryApi;
  let broker: AmqpTestBroker;
  let scratch: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    tracey = installTracey('bundle');
    queryApi = await startListeningQueryApi(services, fixture.events);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    scratch = mkdtempSync(join(tmpdir(), 'tracey-cli-terminal-'));
    const exchange = await broker.topicExchange('cli-terminal');
    await broker.boundQueue(exchange, ['#'], 'cli-terminal-audit');
    env = {
      ...queryApi.env,
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: exchange,
      TRACEY_SPOOL_DIR: join(scratch, 'spool'),
    };
  }, 180_000);

  afterAll(async () => {
    await queryApi?.close();
    await broker?.cleanup();
    tracey?.remove();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  const search = 'tracey search meta.type=EiffelArtifactCreatedEvent "data.identity~^pkg:npm/terminal-"';

  it('search: one summary line per event on a terminal, NDJSON in a pipe', async () => {
    const newestFirst = [...fixture.artifacts].reverse();
    const piped = await tracey.shell(search, env);
    expect(piped.exitCode, piped.stderr).toBe(0);
    const lines = piped.stdout.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as EiffelEvent).meta.id)).toEqual(
      newestFirst.map((event) => event.meta.id),
    );

    const shown = await tracey.terminal(search, env);
    expect(shown.exitCode, shown.stdout).toBe(0);
    expect(shown.stdout).toBe(
      newestFirst
        .map((event) => `${iso(event)}  EiffelArtifactCreatedEvent  ${event.meta.id}  ${identity(event)}\n`)
        .join(''),
    );
  });

  it('--json: the same plain JSON on a terminal as in a pipe', async () => {
    const piped = await tracey.shell(`${search} --json`, env);
    expect(piped.exitCode, piped.stderr).toBe(0);
    const page = JSON.parse(piped.stdout) as { totalNumberItems: number };
    expect(page.totalNumberItems).toBe(fixture.artifacts.length);

    const shown = await tracey.terminal(`${search} --json`, env);
    expect(shown.exitCode, shown.stdout).toBe(0);
    expect(shown.stdout).toBe(piped.stdout);
  });

  it('trace down: a tree on a terminal, the JSON report (as with --json) in a pipe', async () => {
    const command = `tracey trace down ${fixture.clm.meta.id}`;
    const piped = await tracey.shell(command, env);
    expect(piped.exitCode, piped.stderr).toBe(0);
    const json = await tracey.shell(`${command} --json`, env);
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(json.stdout));

    const shown = await tracey.terminal(command, env);
    expect(shown.exitCode, shown.stdout).toBe(0);
    const [title, ...branches] = shown.stdout.trimEnd().split('\n');
    expect(title).toBe(
      `Contents of EiffelConfidenceLevelModifiedEvent ${fixture.clm.meta.id} (${iso(fixture.clm)})`,
    );
    for (const line of branches) expect(line).toMatch(/^(├─|└─|│ {2}| {3})/);
    for (const artifact of fixture.artifacts) {
      const leaf = `─ ${identity(artifact)} ${iso(artifact)}`;
      expect(
        branches.filter((line) => line.endsWith(leaf)),
        leaf,
      ).toHaveLength(1);
    }
  });

  it('publish --file: a progress line on a terminal, cleared before the summary; only the summary in a pipe', async () => {
    const file = join(scratch, 'events.ndjson');
    const events = Array.from({ length: 300 }, (_, index) =>
      eiffelEvent('EiffelArtifactCreatedEvent', { identity: `pkg:npm/progress-${index}@1.0.0` }).build(),
    );
    writeFileSync(file, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    // stdout (the events) to /dev/null: stderr alone is the terminal, or the pipe.
    const publish = `tracey publish --file '${file}' --output stdout --batch-size 100 > /dev/null`;
    const summary = /^tracey: published 300 of 300 events to stdout in \d+\.\d\d s \(\d+\/s\)\n$/;

    const piped = await tracey.shell(publish, env);
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stderr).toMatch(summary);

    const shown = await tracey.terminal(publish, env);
    expect(shown.exitCode, shown.stdout).toBe(0);
    const cleared = shown.stdout.lastIndexOf(`\r${ESC}[K`);
    expect(cleared).toBeGreaterThan(0);
    expect(shown.stdout.slice(0, cleared)).toMatch(/^(\r\[[=>]{30}\] read \d+, published \d+, invalid 0)+$/);
    expect(shown.stdout.slice(cleared + 4)).toMatch(summary);
  });

  it('publishing prints only the id on a terminal too', async () => {
    const shown = await tracey.terminal('tracey scm created', env);
    expect(shown.exitCode, shown.stdout).toBe(0);
    expect(shown.stdout).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/);
  });

  it("tracey's own errors: the same plain lines on a terminal as on stderr in a pipe, exit 2", async () => {
    const bad = { ...env, TRACEY_CONFIRM_MS: 'soon' };
    const piped = await tracey.shell('tracey scm created', bad);
    const shown = await tracey.terminal('tracey scm created', bad);
    expect([piped.exitCode, shown.exitCode]).toEqual([2, 2]);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toContain('TRACEY_CONFIRM_MS');
    expect(shown.stdout).toBe(piped.stderr);
  });

  it("oclif's errors: coloured on a terminal, plain in a pipe and with NO_COLOR; the same words, exit 2", async () => {
    const piped = await tracey.shell('tracey artifact created', env);
    const shown = await tracey.terminal('tracey artifact created', env);
    const plain = await tracey.terminal('tracey artifact created', { ...env, NO_COLOR: '1' });
    for (const run of [piped, shown, plain]) expect(run.exitCode).toBe(2);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toContain('Missing required flag identity');
    expect(piped.stderr).not.toContain(ESC);
    expect(shown.stdout).toContain(`${ESC}[31m`);
    expect(plain.stdout).toBe(piped.stderr);
    // eslint-disable-next-line no-control-regex -- the colours' escape sequences, removed
    expect(shown.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toBe(piped.stderr);
  });
});
