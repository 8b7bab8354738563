import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { buildIdentity } from '@tracey/jenkins-adapter';
import { DEMO_DEPLOY_JOB, DEMO_TAG } from './demo-trigger-rules.js';
import {
  createDemoRepo,
  createFollowUpCommit,
  DEMO_REPO_URL,
  FOLLOW_UP_BRANCH,
  type DemoCommit,
} from './demo-git-repo.js';
import type { FakeJenkins } from './fake-jenkins.js';
import { BUILD_PHASES, buildNotification, buildUrl, type DemoBuild } from './jenkins-build.js';
import type { TraceyCli } from './tracey-cli.js';

/** The third-party component the release contains: declared, built by no pipeline of ours. */
export const THIRD_PARTY_IDENTITY = 'pkg:npm/lodash@4.17.21';
/** Version of the demo's release. */
export const DEMO_VERSION = '1.4.0';
/** Identity of the artifact the demo's build makes. */
export const DEMO_ARTIFACT_IDENTITY = `pkg:npm/%40acme/shop@${DEMO_VERSION}`;
/** The test cases the demo runs against the artifact; all pass. */
export const DEMO_TEST_CASES = ['cart-adds-items', 'totals-round-half-even', 'checkout-card-payment'];
/** The load test a legacy runner reports against the artifact, outside the release gate. */
export const LEGACY_TEST_CASE = 'checkout-load';
/** Domain in which the issue tracker's own Eiffel integration announces its issues; Tracey does not receive it. */
export const TRACKER_DOMAIN = 'jira.acme.example.com';

/** What the demo pipeline needs. */
export interface DemoPipelineOptions {
  readonly cli: TraceyCli;
  /** An empty directory for the git repository. */
  readonly repoDir: string;
  readonly adapter: { readonly url: string; readonly token: string };
  /** The stand-in Jenkins, listening. */
  readonly jenkins: FakeJenkins;
  /** How long to wait for the trigger rule to start the deploy build. */
  readonly triggerWaitMs: number;
  /** Numbers the run: issue keys and the build number differ between runs. */
  readonly run: number;
  readonly log: (line: string) => void;
}

/** Ids of everything the demo published, for the questions afterwards. */
export interface DemoPipelineIds {
  readonly commits: readonly (DemoCommit & { readonly created: string; readonly submitted: string })[];
  readonly thirdParty: string;
  readonly composition: string;
  readonly activity: string;
  readonly artifact: string;
  readonly publication: string;
  readonly testCases: readonly string[];
  readonly confidence: string;
  readonly deploy: {
    readonly triggeredByRule: boolean;
    readonly buildUrl: string;
    /** The build's identity for the adapter's ids: its URL and queue id (the demo's is the number). */
    readonly buildIdentity: string;
    readonly parameters: Readonly<Record<string, string>>;
    /** Event ids the adapter answered, per phase. */
    readonly events: Readonly<Record<string, readonly string[]>>;
    readonly activity: string;
  };
  /** The legacy runner's load test: its finished event links to the started one, against the protocol. */
  readonly legacyTestCase: {
    readonly triggered: string;
    readonly started: string;
    readonly finished: string;
  };
  /** A change under review after the release, resolving an issue whose event never reached Tracey. */
  readonly followUp: {
    readonly sha: string;
    readonly branch: string;
    readonly issue: string;
    readonly created: string;
    /** The tracker's event id for `issue`: a placeholder in the graph. */
    readonly issueEvent: string;
  };
}

const TAG = ['--tag', DEMO_TAG];

const notificationAnswer = z.object({
  activity: z.string(),
  events: z.array(z.object({ id: z.string() })),
  warnings: z.array(z.string()),
});

/**
 * A realistic delivery pipeline, published the way a team's build scripts would: three commits
 * (with issue keys) through `tracey scm`, a composition of them and a third-party library, the
 * build, its artifact and publication, three test cases, a RELEASE_CANDIDATE confidence level —
 * all through the real `tracey` CLI — and then the deploy job: started on the stand-in Jenkins
 * by the adapter's trigger rule and reported through `POST /jenkins/notification`, as the
 * Notification plugin does. Then two things real pipelines get wrong, for the graph's checks to
 * find: a legacy runner's test case with a link against the protocol's target rule, and a
 * follow-up change resolving an issue whose event never reaches Tracey.
 */
export async function runDemoPipeline(options: DemoPipelineOptions): Promise<DemoPipelineIds> {
  const { cli, log } = options;
  const issueBase = 100 + (options.run % 9_000);
  const commits = await createDemoRepo(options.repoDir, issueBase);
  log(`git repository ${options.repoDir} (origin ${DEMO_REPO_URL}): ${commits.length} commits`);

  const changes: (DemoCommit & { created: string; submitted: string })[] = [];
  for (const commit of commits) {
    const repo = ['--repo', options.repoDir, '--commit', commit.sha];
    const created = await cli.publish([
      'scm',
      'created',
      ...repo,
      '--issue-url',
      'https://jira.example.com/browse/{id}',
      ...TAG,
    ]);
    const previous = changes.at(-1)?.submitted;
    const submitted = await cli.publish([
      'scm',
      'submitted',
      ...repo,
      '--change',
      created,
      ...(previous === undefined ? [] : ['--previous', previous]),
      ...TAG,
    ]);
    changes.push({ ...commit, created, submitted });
    log(
      `commit ${commit.sha.slice(0, 8)} "${commit.message.split('\n')[0] ?? ''}" (${commit.issue}): created ${created}, submitted ${submitted}`,
    );
  }
  const head = changes.at(-1);
  if (head === undefined) throw new Error('the demo repository has no commits');

  const thirdParty = await cli.publish(['artifact', 'created', '--identity', THIRD_PARTY_IDENTITY, ...TAG]);
  log(`third-party component ${THIRD_PARTY_IDENTITY}: ${thirdParty} (no pipeline made it)`);

  const activity = await cli.publish([
    'activity',
    'triggered',
    '--name',
    'shop-build',
    '--link',
    `CAUSE=${head.submitted}`,
    ...TAG,
  ]);
  await cli.publish(['activity', 'started', '--activity', activity, ...TAG]);
  const composition = await cli.publish([
    'composition',
    '--name',
    'acme-shop',
    '--version',
    DEMO_VERSION,
    ...changes.map((change) => `--element=${change.submitted}`),
    `--element=${thirdParty}`,
    `--link=CONTEXT=${activity}`,
    ...TAG,
  ]);
  const artifact = await cli.publish([
    'artifact',
    'created',
    '--identity',
    DEMO_ARTIFACT_IDENTITY,
    '--composition',
    composition,
    '--link',
    `CAUSE=${head.submitted}`,
    '--link',
    `CONTEXT=${activity}`,
    ...TAG,
  ]);
  const publication = await cli.publish([
    'artifact',
    'published',
    '--artifact',
    artifact,
    '--location',
    `https://registry.example.com/@acme/shop/-/shop-${DEMO_VERSION}.tgz`,
    ...TAG,
  ]);
  log(
    `build shop-build ${activity}: composition ${composition}, artifact ${artifact}, published ${publication}`,
  );

  const testCases: string[] = [];
  for (const testCase of DEMO_TEST_CASES) {
    const triggered = await cli.publish([
      'publish',
      'EiffelTestCaseTriggeredEvent',
      '--data',
      JSON.stringify({ testCase: { id: testCase, tracker: 'shop-tests' } }),
      `--link=IUT=${artifact}`,
      `--link=CONTEXT=${activity}`,
      ...TAG,
    ]);
    await cli.publish([
      'publish',
      'EiffelTestCaseStartedEvent',
      `--link=TEST_CASE_EXECUTION=${triggered}`,
      ...TAG,
    ]);
    testCases.push(
      await cli.publish([
        'publish',
        'EiffelTestCaseFinishedEvent',
        '--data',
        JSON.stringify({ outcome: { verdict: 'PASSED', conclusion: 'SUCCESSFUL' } }),
        `--link=TEST_CASE_EXECUTION=${triggered}`,
        ...TAG,
      ]),
    );
  }
  await cli.publish(['activity', 'finished', '--activity', activity, '--conclusion', 'SUCCESSFUL', ...TAG]);
  log(`tests: ${DEMO_TEST_CASES.join(', ')} passed`);

  const confidence = await cli.publish([
    'confidence',
    '--subject',
    artifact,
    '--name',
    'RELEASE_CANDIDATE',
    '--value',
    'SUCCESS',
    '--link',
    `CAUSE=${publication}`,
    ...testCases.map((id) => `--link=CAUSE=${id}`),
    ...TAG,
  ]);
  log(`confidence RELEASE_CANDIDATE = SUCCESS: ${confidence}`);

  const deploy = await runDeployBuild(options, head, confidence);
  const legacyTestCase = await publishLegacyTestCase(options, artifact);
  const followUp = await publishFollowUpChange(options, `SHOP-${issueBase + changes.length}`);
  return {
    commits: changes,
    thirdParty,
    composition,
    activity,
    artifact,
    publication,
    testCases,
    confidence,
    deploy,
    legacyTestCase,
    followUp,
  };
}

/**
 * A load test reported by a legacy test runner, as real pipelines have them: its finished event
 * links `TEST_CASE_EXECUTION` to the test case's *started* event instead of the triggered one —
 * the mistake the Eiffel protocol's own delivery-interface example flow makes. Tracey does not
 * refuse it: the link is stored with `legalTarget = false`, for a query to find.
 */
async function publishLegacyTestCase(
  { cli, log }: DemoPipelineOptions,
  artifact: string,
): Promise<DemoPipelineIds['legacyTestCase']> {
  const triggered = await cli.publish([
    'publish',
    'EiffelTestCaseTriggeredEvent',
    '--data',
    JSON.stringify({ testCase: { id: LEGACY_TEST_CASE, tracker: 'shop-load-tests' } }),
    `--link=IUT=${artifact}`,
    ...TAG,
  ]);
  const started = await cli.publish([
    'publish',
    'EiffelTestCaseStartedEvent',
    `--link=TEST_CASE_EXECUTION=${triggered}`,
    ...TAG,
  ]);
  const finished = await cli.publish([
    'publish',
    'EiffelTestCaseFinishedEvent',
    '--data',
    JSON.stringify({ outcome: { verdict: 'PASSED', conclusion: 'SUCCESSFUL' } }),
    `--link=TEST_CASE_EXECUTION=${started}`,
    ...TAG,
  ]);
  log(
    `load test ${LEGACY_TEST_CASE} by a legacy runner: passed, but its finished event ${finished} links TEST_CASE_EXECUTION to the started event, not the triggered one (stored with legalTarget = false)`,
  );
  return { triggered, started, finished };
}

/**
 * A follow-up change under review after the release, resolving `issue`. The issue tracker
 * announces its issues itself, in `TRACKER_DOMAIN`, which this Tracey does not receive: the
 * change links to the tracker's event by its id and domain, and the graph keeps a placeholder
 * for it — an event that never arrives.
 */
async function publishFollowUpChange(
  { cli, log, repoDir }: DemoPipelineOptions,
  issue: string,
): Promise<DemoPipelineIds['followUp']> {
  const sha = await createFollowUpCommit(repoDir);
  // The tracker's integration names its events; the demo has no tracker, so it makes one up.
  const issueEvent = randomUUID();
  const created = await cli.publish([
    'scm',
    'created',
    '--repo',
    repoDir,
    '--commit',
    sha,
    '--link',
    `RESOLVED_ISSUE=${issueEvent}@${TRACKER_DOMAIN}`,
    ...TAG,
  ]);
  log(
    `follow-up change ${sha.slice(0, 8)} on ${FOLLOW_UP_BRANCH} (under review): created ${created}, resolving ${issue}, whose event ${issueEvent} the tracker announced in ${TRACKER_DOMAIN} only (a placeholder in the graph)`,
  );
  return { sha, branch: FOLLOW_UP_BRANCH, issue, created, issueEvent };
}

/** Waits for the trigger rule to start the deploy job (or starts it itself), then reports the build. */
async function runDeployBuild(
  options: DemoPipelineOptions,
  head: DemoCommit,
  confidence: string,
): Promise<DemoPipelineIds['deploy']> {
  const { log } = options;
  log(
    `waiting up to ${options.triggerWaitMs / 1000} s for the trigger rule to start ${DEMO_DEPLOY_JOB} on ${options.jenkins.url}`,
  );
  const request = await options.jenkins.nextBuild(DEMO_DEPLOY_JOB, options.triggerWaitMs);
  if (request === undefined)
    log(
      `no trigger rule started ${DEMO_DEPLOY_JOB} (is the adapter running with other TRACEY_TRIGGER_RULES?): the demo starts it itself`,
    );
  else
    log(
      `the trigger rule started ${DEMO_DEPLOY_JOB} with ${new URLSearchParams(request.parameters).toString()}`,
    );
  const parameters = request?.parameters ?? { TRACEY_CAUSE: confidence };
  // The build runs now, for real time: queued when the trigger asked, started half a second
  // later, two seconds long — so every time in the graph follows the one it comes from.
  const queuedAt = Date.now();
  const build: DemoBuild = {
    jenkinsUrl: options.jenkins.url,
    job: DEMO_DEPLOY_JOB,
    number: options.run,
    parameters,
    scm: { url: DEMO_REPO_URL, branch: 'origin/main', commit: head.sha },
    startedAt: queuedAt + 500,
    queuedMs: 500,
    durationMs: 2_000,
    result: 'SUCCESS',
  };
  const events: Record<string, string[]> = {};
  let activity: string | undefined;
  for (const phase of BUILD_PHASES) {
    const due =
      phase === 'QUEUED'
        ? queuedAt
        : phase === 'STARTED'
          ? build.startedAt
          : build.startedAt + build.durationMs;
    await sleep(Math.max(0, due - Date.now()));
    const response = await fetch(`${options.adapter.url}/jenkins/notification`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`jenkins:${options.adapter.token}`).toString('base64')}`,
      },
      body: JSON.stringify(buildNotification(build, phase)),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`POST /jenkins/notification (${phase}) answered ${response.status}: ${text}`);
    const answer = notificationAnswer.parse(JSON.parse(text));
    events[phase] = answer.events.map((event) => event.id);
    activity ??= answer.activity;
    for (const warning of answer.warnings) log(`adapter warning (${phase}): ${warning}`);
  }
  if (activity === undefined) throw new Error('the adapter named no activity for the deploy build');
  log(
    `Jenkins build ${DEMO_DEPLOY_JOB} #${build.number} reported (QUEUED, STARTED, COMPLETED, FINALIZED): activity ${activity}`,
  );
  return {
    triggeredByRule: request !== undefined,
    buildUrl: `${build.jenkinsUrl}job/${DEMO_DEPLOY_JOB}/${build.number}/`,
    // The demo's notifications give the build number as the queue id.
    buildIdentity: buildIdentity(buildUrl(build), build.number),
    parameters,
    events,
    activity,
  };
}
