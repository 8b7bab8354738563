import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { runDemoPipeline, type DemoPipelineIds } from '../src/demo/demo-pipeline.js';
import { demoTriggerRules } from '../src/demo/demo-trigger-rules.js';
import { FakeJenkins } from '../src/demo/fake-jenkins.js';
import { TraceyCli } from '../src/demo/tracey-cli.js';
import {
  docExamples,
  jsonValues,
  ShellSession,
  withServiceUrls,
  type DocExample,
} from './support/doc-examples.js';
import {
  ADAPTER_TOKEN,
  API_TOKEN,
  ROOT,
  startRunningStack,
  type RunningStack,
} from './support/running-stack.js';

// The runnable examples of the README and docs/ — those marked `<!-- doc-test … -->` — run as
// written against the real stack (built services, RabbitMQ, Neo4j), after `npm run demo`'s
// pipeline: the shell ones in one session (the build-script example first, so its ids are there
// for the queries after it), the Cypher ones through the read-only POST /cypher. The markers are
// described in docs/TESTING.md.
const SHELL_PAGES = ['README.md', 'docs/api.md', 'docs/jenkins.md'];
const CYPHER_PAGES = ['docs/graph-model.md'];

const shellExamples = SHELL_PAGES.flatMap((page) => docExamples(ROOT, page)).filter((e) => e.lang === 'sh');
const cypherExamples = CYPHER_PAGES.flatMap((page) => docExamples(ROOT, page)).filter(
  (e) => e.lang === 'cypher',
);
// A shell example runs a dozen `tracey` calls; on a busy 2-core machine one takes seconds.
const EXAMPLE_TIMEOUT_MS = 180_000;
const where = (example: DocExample) => `${example.file}:${example.line}`;

describe('the examples of the README and docs/ run as written and show what they promise', () => {
  const services = testServices();
  const work = mkdtempSync(`${tmpdir()}/tracey-docs-`);
  let stack: RunningStack;
  let session: ShellSession;
  let demo: Promise<DemoPipelineIds>;
  let demoIds: DemoPipelineIds;
  let sha: string;
  let demoStart: number;
  let jenkins: FakeJenkins;

  beforeAll(async () => {
    // The adapter gets the demo's trigger rule, as `npm start` gives it (the triggers' examples
    // need them on), pointing at the demo's stand-in Jenkins.
    jenkins = new FakeJenkins();
    await jenkins.listen(0);
    const rules = `${work}/trigger-rules.json`;
    writeFileSync(rules, JSON.stringify(demoTriggerRules(jenkins.url)));
    stack = await startRunningStack(services, work, { triggerRules: rules });
    // The build-script example runs in a project's git checkout: its HEAD names an issue.
    const repo = `${work}/app`;
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Ada');
    git('config', 'user.email', 'ada@example.com');
    git('remote', 'add', 'origin', 'https://git.example.com/acme/app.git');
    writeFileSync(`${repo}/index.js`, 'export {};\n');
    git('add', 'index.js');
    git('commit', '-q', '-m', 'APP-12: checkout keeps the basket\n\nFixes #42');
    sha = git('rev-parse', 'HEAD');
    session = new ShellSession({ cwd: repo, env: stack.shellEnv });

    // `npm run demo`, as the graph-model examples expect it (the trigger rule starts its deploy
    // build). It runs while the shell examples do, on its own events; the Cypher ones wait for it.
    demoStart = Date.now();
    demo = runDemo();
    demo.catch(() => undefined); // awaited, and its failure reported, by the Cypher examples
  }, 300_000);

  afterAll(async () => {
    await demo?.catch(() => undefined);
    await stack?.stop();
    await jenkins?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('finds the marked examples: the build script first, every shell and Cypher page', () => {
    expect(shellExamples[0]?.attrs['id']).toBe('build-script');
    expect(new Set(shellExamples.map((example) => example.file))).toEqual(new Set(SHELL_PAGES));
    expect(cypherExamples.length).toBeGreaterThanOrEqual(8);
  });

  describe('shell examples, in page order, in one session', () => {
    for (const example of shellExamples) {
      const minimum = example.attrs['json'];
      const printed = example.attrs['stdout'];
      const promise =
        printed !== undefined
          ? `prints ${printed}`
          : minimum === undefined
            ? 'prints nothing'
            : `prints at least ${minimum} JSON answers, no error`;
      it(
        `${where(example)} runs and ${promise}`,
        async () => {
          const run = await session.run(
            withServiceUrls(example.code, { api: stack.apiUrl, adapter: stack.adapterUrl }),
            EXAMPLE_TIMEOUT_MS - 10_000,
          );
          expect(run.exitCode, `${run.stderr}\n${run.stdout}`).toBe(0);
          expect(run.stderr).toBe('');
          if (printed !== undefined) {
            expect(run.stdout.trim()).toBe(printed);
          } else if (minimum === undefined) {
            expect(run.stdout.trim()).toBe('');
          } else {
            const values = jsonValues(run.stdout);
            expect(values.length, run.stdout).toBeGreaterThanOrEqual(Number(minimum));
            const errors = values.filter(
              (value) => typeof value === 'object' && value !== null && 'error' in value,
            );
            expect(errors).toEqual([]);
          }
          // What one example published is stored before the next one asks.
          await stack.settled();
        },
        EXAMPLE_TIMEOUT_MS,
      );
    }

    it('the build script makes a traceable release: trace down "$CLM" lists the commit and its work items', () => {
      const contents = tracey('trace', 'down', session.value('CLM') ?? '') as {
        sourceChanges: { id: string; commitId: string }[];
        workItems: { issueId: string }[];
      };
      expect(contents.sourceChanges.map((change) => [change.id, change.commitId]).sort()).toEqual(
        [
          [session.value('SCC'), sha],
          [session.value('SCS'), sha],
        ].sort(),
      );
      expect(contents.workItems.map((item) => item.issueId).sort()).toEqual(['#42', 'APP-12']);
    });

    it('trace up "$SCC" lists the release candidate', () => {
      const releases = tracey('trace', 'up', session.value('SCC') ?? '') as {
        confidenceLevels: { id: string; name: string }[];
      };
      expect(releases.confidenceLevels.map((level) => [level.id, level.name])).toEqual([
        [session.value('CLM'), 'RELEASE_CANDIDATE'],
      ]);
    });
  });

  describe('Cypher examples of docs/graph-model.md, through the read-only POST /cypher on the demo graph', () => {
    beforeAll(async () => {
      demoIds = await demo;
      await stack.settled();
    }, 300_000);

    it('ran on the graph `npm start` + `npm run demo` make: the trigger rule started the deploy build', () => {
      expect(demoIds.deploy.triggeredByRule).toBe(true);
    });

    for (const example of cypherExamples) {
      const rows = example.attrs['rows'];
      it(`${where(example)} answers ${rows === undefined ? 'at least one row' : `${rows} rows`}`, async () => {
        const response = await fetch(`${stack.apiUrl}/cypher`, {
          method: 'POST',
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: example.code, params: parameters() }),
        });
        const body = (await response.json()) as { rows: unknown[] };
        expect(response.status, JSON.stringify(body)).toBe(200);
        if (rows === undefined) expect(body.rows.length).toBeGreaterThan(0);
        else expect(body.rows).toHaveLength(Number(rows));
      });
    }
  });

  /** The parameters the docs tell to set with `:param` first: a demo commit, a time window around the demo. */
  function parameters(): Record<string, unknown> {
    return { commit: demoIds.commits[0]?.sha, from: demoStart - 60_000, to: Date.now() + 60_000 };
  }

  function runDemo(): Promise<DemoPipelineIds> {
    return runDemoPipeline({
      cli: new TraceyCli(ROOT, stack.shellEnv),
      repoDir: mkdtempSync(`${work}/shop-`),
      adapter: { url: stack.adapterUrl, token: ADAPTER_TOKEN },
      jenkins,
      triggerWaitMs: 20_000,
      run: 4243,
      log: () => undefined,
    });
  }

  function tracey(...argv: string[]): unknown {
    return JSON.parse(execFileSync('tracey', [...argv, '--json'], { env: stack.shellEnv, encoding: 'utf8' }));
  }
});
