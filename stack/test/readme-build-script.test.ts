import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '@tracey/testing';
import { docExamples, runShellSession } from './support/doc-examples.js';
import { ROOT, startRunningStack, type RunningStack } from './support/running-stack.js';

// The README's build-script example as written, run by bash in a git repository with the real
// `tracey` against the real broker, aggregator, Neo4j and query API; then the questions the
// README asks of its ids. The example is read from the README, so editing it changes the test.
describe("the README's build-script example: what it publishes is traceable both ways", () => {
  const services = testServices();
  const work = mkdtempSync(`${tmpdir()}/tracey-readme-`);
  let stack: RunningStack;
  let ids: Record<string, string>;
  let sha: string;

  function tracey(...argv: string[]): unknown {
    const stdout = execFileSync('tracey', [...argv, '--json'], { env: stack.shellEnv, encoding: 'utf8' });
    return JSON.parse(stdout);
  }

  beforeAll(async () => {
    stack = await startRunningStack(services, work);
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

    const [example, ...more] = docExamples(ROOT, 'README.md').filter((e) => e.attrs['id'] === 'build-script');
    expect(more).toEqual([]);
    if (example === undefined) throw new Error('README.md has no example marked id=build-script');
    const session = await runShellSession([example], {
      cwd: repo,
      env: stack.shellEnv,
      after: 'printf \'{"SCC":"%s","SCS":"%s","ARTC":"%s","CLM":"%s"}\' "$SCC" "$SCS" "$ARTC" "$CLM"',
    });
    expect(session.exitCode, session.stderr).toBe(0);
    expect(session.stderr).toBe('');
    ids = JSON.parse(session.after) as Record<string, string>;
    await stack.settled();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('stores every event and dead-letters none', async () => {
    expect(await stack.counter('tracey_aggregator_messages_dead_lettered_total')).toBe(0);
    // 2 issues, SCC, SCS, activity ×3, composition, artifact created and published, confidence.
    expect(await stack.counter('tracey_aggregator_events_written_total')).toBe(11);
  });

  it('trace down "$CLM" lists the commit and the work items its message names', () => {
    const contents = tracey('trace', 'down', ids['CLM'] ?? '') as {
      sourceChanges: { id: string; commitId: string }[];
      workItems: { issueId: string }[];
      artifacts: { id: string; identity: string }[];
    };
    expect(contents.sourceChanges.map((change) => [change.id, change.commitId]).sort()).toEqual(
      [
        [ids['SCC'], sha],
        [ids['SCS'], sha],
      ].sort(),
    );
    expect(contents.workItems.map((item) => item.issueId).sort()).toEqual(['#42', 'APP-12']);
    expect(contents.artifacts.map((artifact) => [artifact.id, artifact.identity])).toEqual([
      [ids['ARTC'], 'pkg:npm/%40acme/app@1.4.0'],
    ]);
  });

  it('trace up "$SCC" lists the release candidate', () => {
    const releases = tracey('trace', 'up', ids['SCC'] ?? '') as {
      artifacts: { id: string }[];
      confidenceLevels: { id: string; name: string }[];
    };
    expect(releases.confidenceLevels.map((level) => [level.id, level.name])).toEqual([
      [ids['CLM'], 'RELEASE_CANDIDATE'],
    ]);
    expect(releases.artifacts.map((artifact) => artifact.id)).toEqual([ids['ARTC']]);
  });

  it('lead-time "$SCC" "$CLM" answers, from the change to the release candidate', () => {
    const answer = tracey('lead-time', ids['SCC'] ?? '', ids['CLM'] ?? '') as {
      milliseconds: number;
      path: { id: string }[];
    };
    expect(answer.milliseconds).toBeGreaterThanOrEqual(0);
    expect([answer.path.at(0)?.id, answer.path.at(-1)?.id]).toEqual([ids['SCC'], ids['CLM']]);
  });
});
