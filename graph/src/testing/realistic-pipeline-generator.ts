import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { seededRandom } from './seeded-random.js';

export interface RealisticPipelineOptions {
  /** Time of the first event, ms since the epoch. Default 2026-01-01. */
  readonly startTime?: number;
  /** Components built from repositories of their own. Default 12. */
  readonly components?: number;
  /** Third-party components (libraries) compositions take in. Default 15. */
  readonly thirdParty?: number;
  /** Seed of the choices (which component builds next, which libraries it takes). Default 1. */
  readonly seed?: number;
  /**
   * Names of this stream's own things, so that two streams in one graph (a benchmark's preload and
   * its measured events) share no commit, work item or artifact and derive no link between them:
   * the tracker project (`SHOP`) and the first commit number (0).
   */
  readonly project?: string;
  readonly firstCommit?: number;
}

const source = { name: 'tracey-bench', host: 'ci-17.bench.example.com', uri: 'https://ci.bench.example.com' };

const hex = (n: number, width = 40): string => n.toString(16).padStart(width, '0');

/**
 * An endless stream of events shaped like a real installation's (issue 22), in the order
 * pipelines emit them, with the hot nodes real graphs have:
 * - **flow contexts**: three release trains every change, activity and composition links to
 *   (`FLOW_CONTEXT`), so each is the target of a third of all links' worth of events;
 * - **third-party components**: libraries (`ArtifactCreated`, a new version now and then) that most
 *   compositions take in as elements, the two most used by nearly all;
 * - **work items**: issues many changes resolve or partly resolve, epics that a tenth of all
 *   changes name;
 * - **diamonds and system compositions**: a component's composition takes in the latest artifacts
 *   of one or two others, and every tenth build a system composition takes in every component's;
 * - a test environment shared by 50 builds, test cases on each artifact, a confidence level;
 * - payloads the size of the protocol's official examples (about 0.8–1.3 KB: authors, change
 *   details, locations, custom data).
 * Builds pick their component at random (seeded), so chains interleave as on a shared broker.
 */
export function* realisticPipelineEvents(options: RealisticPipelineOptions = {}): Generator<EiffelEvent> {
  const components = options.components ?? 12;
  const thirdPartyCount = options.thirdParty ?? 15;
  const next = seededRandom(options.seed ?? 1);
  const project = options.project ?? 'SHOP';
  const group = `com.example.${project.toLowerCase()}`;
  const firstCommit = options.firstCommit ?? 0;
  let time = options.startTime ?? Date.UTC(2026, 0, 1);
  const at = (step = 1_000) => ({ time: (time += step), source });

  const flows: string[] = [];
  for (const train of ['2026.1', '2026.2', 'hotfix']) {
    const flow = eiffelEvent(
      'EiffelFlowContextDefinedEvent',
      { product: 'shop', track: train, version: train },
      at(),
    ).build();
    flows.push(flow.meta.id);
    yield flow;
  }
  const libraries: string[] = [];
  const library = (index: number, version: number): EiffelEvent =>
    eiffelEvent(
      'EiffelArtifactCreatedEvent',
      {
        identity: `pkg:maven/org.thirdparty/lib-${index}@${version}.0.0`,
        name: `lib-${index}`,
        fileInformation: [{ name: `lib-${index}-${version}.0.0.jar`, tags: ['third-party'] }],
      },
      at(),
    ).build();
  for (let index = 0; index < thirdPartyCount; index++) {
    const event = library(index, 1);
    libraries.push(event.meta.id);
    yield event;
  }
  const epics: string[] = [];
  for (let index = 0; index < 5; index++) {
    const epic = eiffelEvent(
      'EiffelIssueDefinedEvent',
      {
        type: 'FEATURE',
        tracker: 'JIRA',
        id: `${project}-${index + 1}`,
        uri: `https://jira.example.com/browse/${project}-${index + 1}`,
      },
      at(),
    ).build();
    epics.push(epic.meta.id);
    yield epic;
  }

  const state = Array.from({ length: components }, () => ({
    scc: undefined as string | undefined,
    scs: undefined as string | undefined,
    cd: undefined as string | undefined,
    art: undefined as string | undefined,
  }));
  let environment = '';
  let openIssues: string[] = [];
  let issueNumber = 100;
  let systemCd: string | undefined;
  for (let build = 0; ; build++) {
    if (build % 50 === 0) {
      const env = eiffelEvent(
        'EiffelEnvironmentDefinedEvent',
        { name: 'test-lab', version: String(build) },
        at(),
      ).build();
      environment = env.meta.id;
      yield env;
    }
    // A new version of a library now and then: the hot node moves, the old one stays linked.
    if (build % 200 === 199) {
      const index = Math.floor(next() * thirdPartyCount);
      const event = library(index, 2 + Math.floor(build / 200));
      libraries[index] = event.meta.id;
      yield event;
    }
    if (build % 8 === 0 || openIssues.length === 0) {
      issueNumber++;
      const issue = eiffelEvent(
        'EiffelIssueDefinedEvent',
        {
          type: next() < 0.6 ? 'BUG' : 'FEATURE',
          tracker: 'JIRA',
          id: `${project}-${issueNumber}`,
          uri: `https://jira.example.com/browse/${project}-${issueNumber}`,
        },
        at(),
      ).build();
      openIssues = [...openIssues.slice(-5), issue.meta.id];
      yield issue;
    }
    const c = Math.floor(next() * components);
    const mine = state[c]!;
    const flow = flows[build % 10 === 9 ? 2 : Math.floor(next() * 2)]!;
    const repo = `component-${c}`;
    const commitId = hex(firstCommit + build + 1);
    const gitIdentifier = {
      commitId,
      repoUri: `https://git.example.com/shop/${repo}.git`,
      repoName: repo,
      branch: 'main',
    };
    const author = {
      name: `Developer ${build % 37}`,
      email: `dev${build % 37}@example.com`,
      id: `dev${build % 37}`,
      group: `Team ${c % 4}`,
    };
    const scc = eiffelEvent(
      'EiffelSourceChangeCreatedEvent',
      {
        gitIdentifier,
        author,
        change: {
          files: `https://git.example.com/shop/${repo}/commit/${commitId}/files`,
          insertions: 20 + Math.floor(next() * 300),
          deletions: Math.floor(next() * 120),
          tracker: 'Gerrit',
          details: `https://gerrit.example.com/c/shop/${repo}/+/${build + 1}`,
          id: String(build + 1),
        },
      },
      at(),
    )
      .link('FLOW_CONTEXT', flow)
      .link('RESOLVED_ISSUE', openIssues[Math.floor(next() * openIssues.length)]!);
    if (next() < 0.1) scc.link('PARTIALLY_RESOLVED_ISSUE', epics[Math.floor(next() * epics.length)]!);
    if (mine.scc !== undefined) scc.link('PREVIOUS_VERSION', mine.scc);
    if (mine.scs !== undefined) scc.link('BASE', mine.scs);
    const sccEvent = scc.build();
    yield sccEvent;
    const scs = eiffelEvent(
      'EiffelSourceChangeSubmittedEvent',
      {
        gitIdentifier,
        submitter: { name: 'Gerrit Code Review', email: 'gerrit@example.com', id: 'gerrit', group: 'CI' },
      },
      at(),
    )
      .link('CHANGE', sccEvent)
      .link('FLOW_CONTEXT', flow);
    if (mine.scs !== undefined) scs.link('PREVIOUS_VERSION', mine.scs);
    const scsEvent = scs.build();
    yield scsEvent;
    const trigger = eiffelEvent(
      'EiffelActivityTriggeredEvent',
      {
        name: `build ${repo}`,
        categories: ['build', repo],
        triggers: [{ type: 'SOURCE_CHANGE', description: `submitted ${commitId.slice(-8)}` }],
        executionType: 'AUTOMATED',
      },
      at(),
    )
      .link('CAUSE', scsEvent)
      .link('FLOW_CONTEXT', flow)
      .build();
    yield trigger;
    yield eiffelEvent(
      'EiffelActivityStartedEvent',
      {
        executionUri: `https://ci.example.com/job/${repo}/${build + 1}/`,
        liveLogs: [{ name: 'console', uri: `https://ci.example.com/job/${repo}/${build + 1}/console` }],
      },
      at(),
    )
      .link('ACTIVITY_EXECUTION', trigger)
      .build();
    const cd = eiffelEvent('EiffelCompositionDefinedEvent', { name: repo, version: `1.${c}.${build}` }, at())
      .link('ELEMENT', scsEvent)
      .link('CONTEXT', trigger)
      .link('FLOW_CONTEXT', flow);
    // The two most used libraries nearly always, two to four others now and then.
    const taken = new Set<number>([0, 1].filter(() => next() < 0.95));
    for (let extra = 2 + Math.floor(next() * 3); extra > 0; extra--) {
      taken.add(Math.floor(next() ** 2 * thirdPartyCount));
    }
    for (const index of taken) cd.link('ELEMENT', libraries[index]!);
    // Diamonds: the latest artifact of one or two other components.
    for (const other of new Set([Math.floor(next() * components), Math.floor(next() * components)])) {
      const art = state[other]!.art;
      if (other !== c && art !== undefined) cd.link('ELEMENT', art);
    }
    if (mine.cd !== undefined) cd.link('PREVIOUS_VERSION', mine.cd);
    const cdEvent = cd.build();
    yield cdEvent;
    const art = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      {
        identity: `pkg:maven/${group}/${repo}@1.${c}.${build}`,
        name: repo,
        fileInformation: [
          { name: `${repo}-1.${c}.${build}.jar`, tags: ['binary'] },
          { name: `${repo}-1.${c}.${build}-sources.jar`, tags: ['sources'] },
        ],
        buildCommand: `mvn -B -Drevision=1.${c}.${build} deploy`,
        requiresImplementation: 'NONE',
      },
      at(30_000),
    )
      .link('COMPOSITION', cdEvent)
      .link('CONTEXT', trigger)
      .link('FLOW_CONTEXT', flow);
    if (mine.art !== undefined) art.link('PREVIOUS_VERSION', mine.art);
    const artEvent = art.build();
    yield artEvent;
    yield eiffelEvent(
      'EiffelArtifactPublishedEvent',
      {
        locations: [
          { type: 'ARTIFACTORY', uri: `https://repo.example.com/shop/${repo}/1.${c}.${build}/${repo}.jar` },
          { type: 'OTHER', uri: `https://mirror.example.com/shop/${repo}/1.${c}.${build}/${repo}.jar` },
        ],
      },
      at(),
    )
      .link('ARTIFACT', artEvent)
      .link('CONTEXT', trigger)
      .build();
    yield eiffelEvent(
      'EiffelActivityFinishedEvent',
      {
        outcome: { conclusion: 'SUCCESSFUL', description: `built ${repo} 1.${c}.${build}` },
        persistentLogs: [
          { name: 'build.log', uri: `https://ci.example.com/job/${repo}/${build + 1}/build.log` },
        ],
      },
      at(),
    )
      .link('ACTIVITY_EXECUTION', trigger)
      .build();
    const finished: string[] = [];
    for (let test = 0; test < 3; test++) {
      const tct = eiffelEvent(
        'EiffelTestCaseTriggeredEvent',
        {
          testCase: {
            id: `${repo}-suite-${test}`,
            tracker: 'TestRail',
            version: '3',
            uri: `https://testrail.example.com/cases/${c * 10 + test}`,
          },
          executionType: 'AUTOMATED',
          parameters: [
            { name: 'browser', value: 'chromium' },
            { name: 'region', value: 'eu-north-1' },
            { name: 'suite', value: `${repo}/integration/${test}` },
          ],
        },
        at(),
      )
        .link('IUT', artEvent)
        .build();
      yield tct;
      yield eiffelEvent(
        'EiffelTestCaseStartedEvent',
        {
          executor: 'pytest 8.3',
          liveLogs: [
            { name: 'stdout', uri: `https://ci.example.com/job/${repo}/${build + 1}/tests/${test}/stdout` },
          ],
        },
        at(),
      )
        .link('TEST_CASE_EXECUTION', tct)
        .link('ENVIRONMENT', environment)
        .build();
      const tcf = eiffelEvent(
        'EiffelTestCaseFinishedEvent',
        {
          outcome: {
            verdict: 'PASSED',
            conclusion: 'SUCCESSFUL',
            description: `${40 + test * 7} checks passed`,
            metrics: [
              { name: 'durationMs', value: 20_000 + test * 1_000 },
              { name: 'checks', value: 40 + test * 7 },
            ],
          },
          persistentLogs: [
            {
              name: 'report.xml',
              uri: `https://ci.example.com/job/${repo}/${build + 1}/tests/${test}/report.xml`,
            },
          ],
        },
        at(20_000),
      )
        .link('TEST_CASE_EXECUTION', tct)
        .build();
      finished.push(tcf.meta.id);
      yield tcf;
    }
    const clm = eiffelEvent(
      'EiffelConfidenceLevelModifiedEvent',
      {
        name: 'readyForIntegration',
        value: 'SUCCESS',
        issuer: { name: 'Gatekeeper', email: 'gate@example.com', id: 'gate', group: 'CI' },
      },
      at(),
    ).link('SUBJECT', artEvent);
    for (const id of finished) clm.link('CONFIDENCE_BASIS', id);
    yield clm.build();
    state[c] = { scc: sccEvent.meta.id, scs: scsEvent.meta.id, cd: cdEvent.meta.id, art: artEvent.meta.id };

    // Every tenth build: the system, made of every component's latest artifact.
    if (build % 10 === 9) {
      const system = eiffelEvent(
        'EiffelCompositionDefinedEvent',
        { name: 'shop-system', version: `2026.${build}` },
        at(),
      ).link('FLOW_CONTEXT', flow);
      for (const component of state) if (component.art !== undefined) system.link('ELEMENT', component.art);
      if (systemCd !== undefined) system.link('PREVIOUS_VERSION', systemCd);
      const systemEvent = system.build();
      systemCd = systemEvent.meta.id;
      yield systemEvent;
      const release = eiffelEvent(
        'EiffelArtifactCreatedEvent',
        { identity: `pkg:generic/${group}/shop-system@2026.${build}`, name: 'shop-system' },
        at(),
      )
        .link('COMPOSITION', systemEvent)
        .build();
      yield release;
      yield eiffelEvent(
        'EiffelConfidenceLevelModifiedEvent',
        { name: 'readyForRelease', value: 'SUCCESS' },
        at(),
      )
        .link('SUBJECT', release)
        .build();
    }
  }
}

/** The first `count` events of {@link realisticPipelineEvents}. */
export function generateRealisticPipeline(
  count: number,
  options: RealisticPipelineOptions = {},
): EiffelEvent[] {
  const events: EiffelEvent[] = [];
  for (const event of realisticPipelineEvents(options)) {
    if (events.length >= count) break;
    events.push(event);
  }
  return events;
}
