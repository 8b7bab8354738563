import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';

export interface LongHistoryOptions {
  /** Builds of the main component (`app`). */
  readonly builds: number;
  /** Time of the first event, ms since the epoch. Default 2026-01-01. */
  readonly startTime?: number;
  /** Time between two builds of `app`. Default 10 minutes. */
  readonly buildIntervalMs?: number;
  /** Every this many builds, the change's clock runs ahead of its submission's. Default 7. */
  readonly skewEvery?: number;
  /** How far that clock runs ahead. Default 90 s. */
  readonly skewMs?: number;
  /** Component name, so several histories can live in one graph. Default `app`. */
  readonly component?: string;
}

const source = { name: 'tracey-long-history', host: 'ci.example.com' };

/** A generated event and, for confidence levels, what the tests need to know about it. */
export type HistoryEvent = EiffelEvent;

/**
 * One component's long history, as a busy repository makes it: per build of `app`, a source
 * change created on the previous submitted change (`BASE`) and after the previous change
 * (`PREVIOUS_VERSION`), submitted, composed with the latest `lib` and `core` artifacts (a diamond:
 * `lib` is itself made of `core`) and three third-party components, built into an artifact that
 * follows the previous one (`PREVIOUS_VERSION`), and given a `readyForRelease` confidence level
 * (every tenth build also `RELEASE_CANDIDATE`). Work items are defined every tenth build and
 * resolved by one to three changes, some of them hundreds of builds later (reopened work).
 * Every `skewEvery`-th change claims a time `skewMs` after its own submission: a producer whose
 * clock runs ahead.
 */
export function* longHistoryEvents(options: LongHistoryOptions): Generator<HistoryEvent> {
  const interval = options.buildIntervalMs ?? 600_000;
  const skewEvery = options.skewEvery ?? 7;
  const skewMs = options.skewMs ?? 90_000;
  const name = options.component ?? 'app';
  let time = options.startTime ?? Date.UTC(2026, 0, 1);
  const at = (offset: number) => ({ time: time + offset, source });
  const git = (component: string, n: number) => ({
    gitIdentifier: {
      commitId: `${component}-${n}`.padEnd(40, '0').slice(0, 40),
      repoUri: `https://git.example.com/${component}.git`,
      repoName: component,
      branch: 'main',
    },
  });

  const thirdParty: string[] = [];
  const thirdPartyNames = ['lodash', 'guava', 'netty', 'jackson', 'slf4j'];
  const versions = new Map<string, number>();
  function* newThirdParty(pkg: string): Generator<EiffelEvent> {
    const version = (versions.get(pkg) ?? 0) + 1;
    versions.set(pkg, version);
    const event = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: `pkg:maven/org.example/${pkg}@${version}.0` },
      at(-5),
    ).build();
    thirdParty[thirdPartyNames.indexOf(pkg)] = event.meta.id;
    yield event;
  }

  /** The change-and-build chain of one component. */
  interface Chain {
    scc?: string;
    scs?: string;
    cd?: string;
    art?: string;
    n: number;
  }
  const chains: Record<'core' | 'lib' | 'app', Chain> = { core: { n: 0 }, lib: { n: 0 }, app: { n: 0 } };
  const openIssues: { id: string; resolvers: number }[] = [];
  const reopen: { id: string; build: number }[] = [];

  function* change(
    component: 'core' | 'lib' | 'app',
    repo: string,
    skewed: boolean,
    issues: readonly { id: string; partly: boolean }[],
  ): Generator<EiffelEvent> {
    const chain = chains[component];
    const scc = eiffelEvent(
      'EiffelSourceChangeCreatedEvent',
      git(repo, chain.n),
      at(skewed ? 1_000 + skewMs : 1_000),
    );
    if (chain.scs !== undefined) scc.link('BASE', chain.scs);
    if (chain.scc !== undefined) scc.link('PREVIOUS_VERSION', chain.scc);
    for (const issue of issues)
      scc.link(issue.partly ? 'PARTIALLY_RESOLVED_ISSUE' : 'RESOLVED_ISSUE', issue.id);
    const sccEvent = scc.build();
    yield sccEvent;
    const scs = eiffelEvent('EiffelSourceChangeSubmittedEvent', git(repo, chain.n), at(2_000)).link(
      'CHANGE',
      sccEvent,
    );
    if (chain.scs !== undefined) scs.link('PREVIOUS_VERSION', chain.scs);
    const scsEvent = scs.build();
    yield scsEvent;
    chain.scc = sccEvent.meta.id;
    chain.scs = scsEvent.meta.id;
  }

  function* build(
    component: 'core' | 'lib' | 'app',
    repo: string,
    elements: string[],
  ): Generator<EiffelEvent> {
    const chain = chains[component];
    const trigger = eiffelEvent('EiffelActivityTriggeredEvent', { name: `build ${repo}` }, at(3_000))
      .link('CAUSE', chain.scs ?? '')
      .build();
    yield trigger;
    const cd = eiffelEvent(
      'EiffelCompositionDefinedEvent',
      { name: repo, version: `1.${chain.n}` },
      at(4_000),
    )
      .link('ELEMENT', chain.scs ?? '')
      .link('CONTEXT', trigger);
    for (const element of elements) cd.link('ELEMENT', element);
    if (chain.cd !== undefined) cd.link('PREVIOUS_VERSION', chain.cd);
    const cdEvent = cd.build();
    yield cdEvent;
    const art = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: `pkg:maven/com.example/${repo}@1.${chain.n}` },
      at(60_000),
    )
      .link('COMPOSITION', cdEvent)
      .link('CONTEXT', trigger);
    if (chain.art !== undefined) art.link('PREVIOUS_VERSION', chain.art);
    const artEvent = art.build();
    yield artEvent;
    chain.cd = cdEvent.meta.id;
    chain.art = artEvent.meta.id;
    chain.n++;
  }

  for (const pkg of thirdPartyNames) yield* newThirdParty(pkg);
  for (let b = 0; b < options.builds; b++) {
    time += interval;
    if (b % 100 === 50)
      yield* newThirdParty(thirdPartyNames[((b / 100) % thirdPartyNames.length) | 0] ?? 'lodash');
    if (b % 20 === 0) {
      yield* change('core', `${name}-core`, false, []);
      yield* build('core', `${name}-core`, []);
    }
    if (b % 5 === 0) {
      yield* change('lib', `${name}-lib`, false, []);
      yield* build('lib', `${name}-lib`, [chains.core.art ?? '']);
    }
    if (b % 10 === 0) {
      const issue = eiffelEvent(
        'EiffelIssueDefinedEvent',
        {
          type: 'FEATURE',
          tracker: 'JIRA',
          id: `${name.toUpperCase()}-${b}`,
          uri: `https://jira.example.com/browse/${name.toUpperCase()}-${b}`,
          title: `feature ${b}`,
        },
        at(0),
      ).build();
      yield issue;
      openIssues.push({ id: issue.meta.id, resolvers: 1 + (b % 3) });
      if (b % 70 === 0) reopen.push({ id: issue.meta.id, build: b + 300 });
    }
    const issues: { id: string; partly: boolean }[] = [];
    const open = openIssues[0];
    if (open !== undefined && b % 2 === 1) {
      open.resolvers--;
      issues.push({ id: open.id, partly: open.resolvers > 0 });
      if (open.resolvers === 0) openIssues.shift();
    }
    while (reopen[0] !== undefined && reopen[0].build <= b) {
      issues.push({ id: reopen[0].id, partly: false });
      reopen.shift();
    }
    yield* change('app', name, b % skewEvery === skewEvery - 1, issues);
    yield* build('app', name, [
      chains.lib.art ?? '',
      chains.core.art ?? '',
      ...thirdParty.slice(b % 3, (b % 3) + 3),
    ]);
    const artifact = chains.app.art ?? '';
    yield eiffelEvent(
      'EiffelConfidenceLevelModifiedEvent',
      { name: 'readyForRelease', value: 'SUCCESS' },
      at(120_000),
    )
      .link('SUBJECT', artifact)
      .build();
    if (b % 10 === 9) {
      yield eiffelEvent(
        'EiffelConfidenceLevelModifiedEvent',
        { name: 'RELEASE_CANDIDATE', value: 'SUCCESS' },
        at(180_000),
      )
        .link('SUBJECT', artifact)
        .build();
    }
  }
}

/** All events of {@link longHistoryEvents}. */
export function generateLongHistory(options: LongHistoryOptions): EiffelEvent[] {
  return [...longHistoryEvents(options)];
}
