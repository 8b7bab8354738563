import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';

export interface PipelineOptions {
  /** Time of the first event, ms since the epoch. Default 2026-01-01. */
  readonly startTime?: number;
  /** Test cases per build. Default 3. */
  readonly testCases?: number;
  /** Builds per test environment (a new EnvironmentDefined after that many). Default 50. */
  readonly buildsPerEnvironment?: number;
}

const source = { name: 'tracey-bench', host: 'bench.example.com' };

/**
 * An endless stream of events of realistic pipeline shape, in the order a pipeline emits them:
 * per build, source change created → submitted → build activity (triggered, started) →
 * composition → artifact created → published → activity finished → test cases (triggered,
 * started, finished) → confidence level on the artifact; links to the previous change,
 * composition and artifact chain the builds together. About 1.7 links per event.
 */
export function* pipelineEvents(options: PipelineOptions = {}): Generator<EiffelEvent> {
  const testCases = options.testCases ?? 3;
  const buildsPerEnvironment = options.buildsPerEnvironment ?? 50;
  let time = options.startTime ?? Date.UTC(2026, 0, 1);
  const at = (step = 1_000) => ({ time: (time += step), source });
  let previous: { scc?: string; scs?: string; cd?: string; art?: string } = {};
  let environment = '';
  for (let build = 0; ; build++) {
    if (build % buildsPerEnvironment === 0) {
      const env = eiffelEvent(
        'EiffelEnvironmentDefinedEvent',
        { name: 'test-lab', version: String(build) },
        at(),
      ).build();
      environment = env.meta.id;
      yield env;
    }
    const commitId = (build + 1).toString(16).padStart(40, '0');
    const scc = eiffelEvent(
      'EiffelSourceChangeCreatedEvent',
      {
        gitIdentifier: {
          commitId,
          repoUri: 'https://git.example.com/app.git',
          repoName: 'app',
          branch: 'main',
        },
      },
      at(),
    );
    if (previous.scc !== undefined) scc.link('PREVIOUS_VERSION', previous.scc);
    const sccEvent = scc.build();
    yield sccEvent;
    const scs = eiffelEvent(
      'EiffelSourceChangeSubmittedEvent',
      {
        gitIdentifier: {
          commitId,
          repoUri: 'https://git.example.com/app.git',
          repoName: 'app',
          branch: 'main',
        },
      },
      at(),
    ).link('CHANGE', sccEvent);
    if (previous.scs !== undefined) scs.link('PREVIOUS_VERSION', previous.scs);
    const scsEvent = scs.build();
    yield scsEvent;
    const trigger = eiffelEvent('EiffelActivityTriggeredEvent', { name: 'build app' }, at())
      .link('CAUSE', scsEvent)
      .build();
    yield trigger;
    yield eiffelEvent('EiffelActivityStartedEvent', {}, at()).link('ACTIVITY_EXECUTION', trigger).build();
    const cd = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'app', version: `1.0.${build}` }, at())
      .link('ELEMENT', scsEvent)
      .link('CONTEXT', trigger);
    if (previous.cd !== undefined) cd.link('PREVIOUS_VERSION', previous.cd);
    const cdEvent = cd.build();
    yield cdEvent;
    const art = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: `pkg:maven/com.example/app@1.0.${build}` },
      at(30_000),
    )
      .link('COMPOSITION', cdEvent)
      .link('CONTEXT', trigger);
    if (previous.art !== undefined) art.link('PREVIOUS_VERSION', previous.art);
    const artEvent = art.build();
    yield artEvent;
    yield eiffelEvent(
      'EiffelArtifactPublishedEvent',
      { locations: [{ type: 'ARTIFACTORY', uri: `https://repo.example.com/app/1.0.${build}/app.jar` }] },
      at(),
    )
      .link('ARTIFACT', artEvent)
      .link('CONTEXT', trigger)
      .build();
    yield eiffelEvent('EiffelActivityFinishedEvent', { outcome: { conclusion: 'SUCCESSFUL' } }, at())
      .link('ACTIVITY_EXECUTION', trigger)
      .build();
    const finished: string[] = [];
    for (let test = 0; test < testCases; test++) {
      const tct = eiffelEvent('EiffelTestCaseTriggeredEvent', { testCase: { id: `test-${test}` } }, at())
        .link('IUT', artEvent)
        .build();
      yield tct;
      yield eiffelEvent('EiffelTestCaseStartedEvent', {}, at())
        .link('TEST_CASE_EXECUTION', tct)
        .link('ENVIRONMENT', environment)
        .build();
      const tcf = eiffelEvent(
        'EiffelTestCaseFinishedEvent',
        { outcome: { verdict: 'PASSED', conclusion: 'SUCCESSFUL' } },
        at(20_000),
      )
        .link('TEST_CASE_EXECUTION', tct)
        .build();
      finished.push(tcf.meta.id);
      yield tcf;
    }
    const clm = eiffelEvent(
      'EiffelConfidenceLevelModifiedEvent',
      { name: 'readyForRelease', value: 'SUCCESS' },
      at(),
    ).link('SUBJECT', artEvent);
    for (const id of finished) clm.link('CONFIDENCE_BASIS', id);
    yield clm.build();
    previous = { scc: sccEvent.meta.id, scs: scsEvent.meta.id, cd: cdEvent.meta.id, art: artEvent.meta.id };
  }
}

/** The first `count` events of {@link pipelineEvents}. */
export function generatePipelineEvents(count: number, options: PipelineOptions = {}): EiffelEvent[] {
  const events: EiffelEvent[] = [];
  for (const event of pipelineEvents(options)) {
    if (events.length >= count) break;
    events.push(event);
  }
  return events;
}
