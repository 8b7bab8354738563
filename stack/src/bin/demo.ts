#!/usr/bin/env node
// `npm run demo`: publishes a realistic pipeline to the running stack (`npm start`) through the
// real `tracey` CLI and the real Jenkins adapter, then asks the questions a user would ask.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { formatConfigIssues } from '@tracey/common';
import { loadStackConfig } from '../config.js';
import { withDevTokens } from '../dev-defaults.js';
import { runDemoPipeline } from '../demo/demo-pipeline.js';
import { browserLink, demoGraphQuery, demoQuestions } from '../demo/demo-questions.js';
import { FakeJenkins } from '../demo/fake-jenkins.js';
import { TraceyCli } from '../demo/tracey-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = loadStackConfig(process.env);
if (!result.ok) {
  process.stderr.write(`${formatConfigIssues('tracey-demo', result.issues)}\n`);
  process.exit(2);
}
const { config } = result;
const terminal = process.stdout.isTTY && process.env['NO_COLOR'] === undefined;
const bold = (text: string) => (terminal ? `\u001b[1m${text}\u001b[0m` : text);
const dim = (text: string) => (terminal ? `\u001b[2m${text}\u001b[0m` : text);
const say = (line = '') => console.log(line);

const { env } = withDevTokens(process.env);
const apiUrl = (env['TRACEY_API_URL'] ?? `http://127.0.0.1:${config.apiPort}`).replace(/\/$/, '');
const adapterUrl = `http://127.0.0.1:${config.adapterPort}`;
const browserUrl =
  env['TRACEY_NEO4J_BROWSER_URL'] ?? `http://127.0.0.1:${env['TRACEY_NEO4J_HTTP_PORT'] ?? '7474'}/browser/`;

async function ready(url: string): Promise<boolean> {
  return fetch(`${url}/ready`, { signal: AbortSignal.timeout(3_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

for (const [name, url] of [
  ['query API', apiUrl],
  ['Jenkins adapter', adapterUrl],
] as const) {
  if (!(await ready(url))) {
    console.error(`No Tracey ${name} answers at ${url}/ready.
Start the stack in another terminal with the same TRACEY_* environment:

  npm start

and run \`npm run demo\` again once it prints "Tracey is ready".`);
    process.exit(1);
  }
}

const jenkins = new FakeJenkins();
try {
  await jenkins.listen(config.demoJenkinsPort);
} catch (error) {
  console.error(
    `The demo's stand-in Jenkins cannot listen on port ${config.demoJenkinsPort} (${(error as Error).message}); set TRACEY_DEMO_JENKINS_PORT for both npm start and npm run demo.`,
  );
  process.exit(1);
}
const work = await mkdtemp(`${tmpdir()}/tracey-demo-`);
const cli = new TraceyCli(root, {
  ...env,
  TRACEY_API_URL: apiUrl,
  TRACEY_SPOOL_DIR: `${work}/spool`,
});

/** Polls the API until every id is stored (the aggregator works asynchronously). */
async function stored(ids: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    for (;;) {
      const response = await fetch(`${apiUrl}/events/${id}`).catch(() => undefined);
      if (response?.ok === true) break;
      if (Date.now() > deadline)
        throw new Error(`event ${id} is not in the graph after ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  }
}

/** What the demo reads of an event `tracey get` prints. */
const storedEvent = z.object({
  meta: z.object({ type: z.string() }),
  links: z.array(z.object({ type: z.string(), target: z.string() })),
});

let code = 0;
try {
  say(bold('Publishing a delivery pipeline through the tracey CLI and the Jenkins adapter'));
  say(dim(`  query API ${apiUrl}, adapter ${adapterUrl}, stand-in Jenkins ${jenkins.url}`));
  const ids = await runDemoPipeline({
    cli,
    repoDir: await mkdtemp(`${work}/shop-`),
    adapter: { url: adapterUrl, token: env['TRACEY_ADAPTER_TOKEN'] ?? '' },
    jenkins,
    triggerWaitMs: 20_000,
    run: Math.floor(Date.now() / 1000),
    log: (line) => say(`  ${dim('•')} ${line}`),
  });
  const deployEvents = Object.values(ids.deploy.events).flat();
  await stored([
    ids.confidence,
    ids.deploy.activity,
    ...deployEvents,
    ids.legacyTestCase.finished,
    ids.followUp.created,
  ]);
  say(`  ${dim('•')} all events are in the graph`);

  for (const { question, argv } of demoQuestions(ids)) {
    say();
    say(bold(`▶ ${question}`));
    say(dim(`  $ tracey ${argv.join(' ')}`));
    const run = await cli.run(argv, { inherit: true });
    if (run.code !== 0) code = 1;
  }

  say();
  say(
    bold(
      `▶ Where did the deploy build come from? (${ids.deploy.triggeredByRule ? 'started by the trigger rule' : 'started by the demo'})`,
    ),
  );
  say(dim(`  $ tracey get ${ids.deploy.activity}`));
  const deploy = storedEvent.parse(JSON.parse((await cli.run(['get', ids.deploy.activity])).stdout));
  for (const link of deploy.links) {
    const target = storedEvent.safeParse(JSON.parse((await cli.run(['get', link.target])).stdout || 'null'));
    say(`  ${link.type} → ${link.target} (${target.success ? target.data.meta.type : 'not stored'})`);
  }

  const query = demoGraphQuery(ids);
  say();
  say(bold('▶ See the graph in Neo4j Browser') + ` (user neo4j, password from TRACEY_NEO4J_PASSWORD):`);
  say(`  ${browserUrl}`);
  say(`  ${query}`);
  say(dim(`  or open it with the query filled in: ${browserLink(browserUrl, query)}`));
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`);
  code = 1;
} finally {
  await jenkins.close();
  await rm(work, { recursive: true, force: true });
}
process.exitCode = code;
