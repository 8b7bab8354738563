import { buildCdEvent, eiffelEvent } from '@tracey/schemas';
import { seededRandom } from '@tracey/graph/testing';

/** How big a generated DORA history is. */
export interface DoraHistoryOptions {
  /** Services; default 20. The first 12 are CDEvents with commits, the next 4 CDEvents without (squash merges), then Eiffel artifact deployments, then Eiffel deploy activities. */
  readonly services?: number;
  /** Days of builds after `start`; default 185. Changes start 60 days before `start`. */
  readonly days?: number;
  /** Default 2026-01-01. */
  readonly start?: number;
  /** Seed of the pseudo-random choices; default 20. */
  readonly seed?: number;
  /** Changes per build after the first (which has 8), drawn from [low, high); default [1, 4]. */
  readonly changesPerBuild?: readonly [number, number];
}

/** A generated history: the events in the order they happened, and as they are written. */
export interface DoraHistory {
  readonly events: readonly unknown[];
  /** All events, shuffled. */
  readonly written: readonly unknown[];
  /** About 3 % of them, to write again after `written` (a redelivery; one batch never holds an event twice). */
  readonly again: readonly unknown[];
  /** The first build's time and the last event's time. */
  readonly start: number;
  readonly end: number;
  readonly environments: readonly string[];
  readonly services: readonly string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;
const source = { name: 'tracey-dora-history', host: 'ci.example.com' };

/**
 * A realistic DORA history for tests and benchmarks: services built every 2–6 days for `days`
 * days, each build deployed to dev, staging and (most) to production; every change linked to the
 * service's previous one (`BASE`), so everything reachable from a deployment is the whole history;
 * CDEvents chains `change.merged` → `artifact.packaged` (naming the change) → `service.deployed`
 * (naming the purl), Eiffel chains submission → composition → artifact → `EiffelArtifactDeployedEvent`
 * or a deploy activity; failed deployments, rollbacks, bug fixes, incidents attributed explicitly,
 * by artifact, by window and not at all; changes from 60 days before the first build (the seed
 * deployments' window cuts them).
 */
export function generateDoraHistory(options: DoraHistoryOptions = {}): DoraHistory {
  const rnd = seededRandom(options.seed ?? 20);
  const start = options.start ?? Date.UTC(2026, 0, 1);
  const days = options.days ?? 185;
  const count = options.services ?? 20;
  const perBuild = options.changesPerBuild ?? [1, 4];
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const sha = (): string => Array.from({ length: 40 }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const between = (low: number, high: number): number => Math.floor(low + rnd() * (high - low));
  const events: { time: number; event: unknown }[] = [];
  const push = (time: number, event: unknown): void => {
    events.push({ time, event });
  };
  const cd = (
    type: string,
    time: number,
    subject: { id: string; content: Record<string, unknown> },
    extra: { links?: Record<string, unknown>[]; customData?: Record<string, unknown> } = {},
  ): string => {
    const event = buildCdEvent({
      id: uuid(),
      type: `dev.cdevents.${type}`,
      source: '/ci/dora-history',
      subject,
      time: new Date(time),
      ...(extra.links === undefined ? {} : { links: extra.links as never }),
      ...(extra.customData === undefined ? {} : { customData: extra.customData }),
    });
    push(time, event);
    return event.context.id;
  };

  const services = Array.from({ length: count }, (_, index) => `svc-${String(index).padStart(2, '0')}`);
  const eiffelEnvironments = new Map<string, string>();
  for (const environment of ENVIRONMENTS) {
    const event = eiffelEvent(
      'EiffelEnvironmentDefinedEvent',
      { name: environment },
      { id: uuid(), time: start - 90 * DAY, source },
    ).build();
    eiffelEnvironments.set(environment, event.meta.id);
    push(start - 90 * DAY, event);
  }
  const bugs: string[] = [];
  for (let index = 0; index < 20; index++) {
    const event = eiffelEvent(
      'EiffelIssueDefinedEvent',
      {
        type: index % 4 === 3 ? 'FEATURE' : 'BUG',
        tracker: 'JIRA',
        id: `BUG-${index}`,
        uri: `https://jira.example.com/BUG-${index}`,
      },
      { id: uuid(), time: start - 80 * DAY, source },
    ).build();
    bugs.push(event.meta.id);
    push(start - 80 * DAY, event);
  }

  const end = start + days * DAY;
  const staged: { id: string; time: number; service: string }[] = [];
  const released: { purl: string; time: number; service: string }[] = [];
  let incidentNumber = 0;
  const incident = (
    time: number,
    content: Record<string, unknown>,
    links: Record<string, unknown>[] | undefined,
    resolveAfter: number | null,
    fixedBy?: string,
  ): void => {
    const id = `INC-${++incidentNumber}`;
    const reported = incidentNumber % 5 === 0;
    cd(
      reported ? 'incident.reported.0.3.0' : 'incident.detected.0.3.0',
      time,
      { id, content: reported ? { ...content, ticketURI: `https://jira.example.com/${id}` } : content },
      links === undefined ? {} : { links },
    );
    if (resolveAfter !== null)
      cd('incident.resolved.0.3.0', time + resolveAfter, {
        id,
        // The artifact deployed to fix it, when the resolution names one.
        content: {
          environment: content['environment'],
          ...(fixedBy === undefined ? {} : { artifactId: fixedBy }),
        },
      });
  };

  for (const [index, service] of services.entries()) {
    const kind =
      index < count * 0.6
        ? 'commits'
        : index < count * 0.8
          ? 'squash'
          : index % 2 === 0
            ? 'eiffel'
            : 'activity';
    let lastScs: string | undefined;
    let changeTime = start - 60 * DAY + between(0, DAY);
    // Changes of one build: one to three, each on the one before; returns the last merge (CDEvents) or submission.
    const changes = (until: number): { merged: string | null; scs: string | null; prId: string } => {
      // The first build comes after 60 days of changes (the seed window cuts the older ones).
      const n = kind === 'squash' ? 1 : lastScs === undefined ? 8 : between(perBuild[0], perBuild[1]);
      let result = { merged: null as string | null, scs: null as string | null, prId: '' };
      const step = Math.floor((until - HOUR - changeTime) / n);
      for (let c = 0; c < n; c++) {
        // Strictly later than the change before by an hour at least: links point back in time.
        changeTime += between(Math.max(HOUR, step / 2), Math.max(HOUR + 1, step));
        const prId = `https://git.example.com/acme/${service}/pull/${uuid().slice(0, 8)}`;
        if (kind !== 'squash') {
          const commit = sha();
          const git = {
            gitIdentifier: {
              commitId: commit,
              repoUri: `https://git.example.com/acme/${service}.git`,
              repoName: service,
              branch: 'main',
            },
          };
          // The change on the last submission (BASE), submitted after the previous one (PREVIOUS_VERSION).
          const created = eiffelEvent('EiffelSourceChangeCreatedEvent', git, {
            id: uuid(),
            time: changeTime - 30 * 60_000,
            source,
          });
          if (lastScs !== undefined) created.link('BASE', lastScs);
          if (rnd() < 0.06) created.link('RESOLVED_ISSUE', bugs[between(0, bugs.length)] as string);
          const scc = created.build();
          push(changeTime - 30 * 60_000, scc);
          const builder = eiffelEvent('EiffelSourceChangeSubmittedEvent', git, {
            id: uuid(),
            time: changeTime,
            source,
          }).link('CHANGE', scc.meta.id);
          if (lastScs !== undefined) builder.link('PREVIOUS_VERSION', lastScs);
          const event = builder.build();
          push(changeTime, event);
          const scs = event.meta.id;
          lastScs = scs;
          if (kind === 'commits') {
            if (rnd() < 0.3)
              cd('change.created.0.4.0', changeTime - between(HOUR, 2 * DAY), {
                id: prId,
                content: { repository: { id: `acme/${service}` } },
              });
            const merged = cd(
              'change.merged.0.3.0',
              changeTime + 60_000,
              { id: prId, content: { repository: { id: `acme/${service}` } } },
              { customData: { commitId: commit } },
            );
            result = { merged, scs, prId };
          } else {
            result = { merged: null, scs, prId };
          }
        } else {
          if (rnd() < 0.3)
            cd('change.created.0.4.0', changeTime - between(HOUR, DAY), {
              id: prId,
              content: { repository: { id: `acme/${service}` } },
            });
          const merged = cd('change.merged.0.3.0', changeTime, {
            id: prId,
            content: { repository: { id: `acme/${service}` } },
          });
          result = { merged, scs: null, prId };
        }
      }
      return result;
    };

    const lastGood = new Map<string, string>();
    let previousProdArtifact: string | null = null;
    for (
      let build = 0, buildTime = start + between(0, 3 * DAY);
      buildTime < end - 3 * DAY;
      build++, buildTime += between(2 * DAY, 6 * DAY)
    ) {
      const made = changes(buildTime);
      // The artifact of the build.
      let purl: string;
      let artifactEvent: string;
      if (kind === 'eiffel' || kind === 'activity') {
        const composition = eiffelEvent(
          'EiffelCompositionDefinedEvent',
          { name: service, version: `1.${build}` },
          { id: uuid(), time: buildTime - 60_000, source },
        )
          .link('ELEMENT', made.scs as string)
          .build();
        push(buildTime - 60_000, composition);
        purl = `pkg:maven/com.example/${service}@1.${build}`;
        const artifact = eiffelEvent(
          'EiffelArtifactCreatedEvent',
          { identity: purl },
          { id: uuid(), time: buildTime, source },
        )
          .link('COMPOSITION', composition.meta.id)
          .build();
        push(buildTime, artifact);
        artifactEvent = artifact.meta.id;
      } else {
        purl = `pkg:oci/${service}@sha256%3A${sha().slice(0, 24)}`;
        artifactEvent = cd('artifact.packaged.0.3.0', buildTime, {
          id: purl,
          content: { change: { id: made.prId } },
        });
      }
      void artifactEvent;
      const deployTimes = [
        buildTime + between(10 * 60_000, HOUR),
        buildTime + between(2 * HOUR, 8 * HOUR),
        buildTime + between(10 * HOUR, 36 * HOUR),
      ];
      for (const [e, environment] of ENVIRONMENTS.entries()) {
        if (environment === 'production' && rnd() < 0.12) continue;
        const time = deployTimes[e] as number;
        const failed = kind !== 'eiffel' && rnd() < 0.05;
        let deployment: string;
        if (kind === 'eiffel') {
          const event = eiffelEvent('EiffelArtifactDeployedEvent', {}, { id: uuid(), time, source })
            .link('ARTIFACT', artifactEvent)
            .link('ENVIRONMENT', eiffelEnvironments.get(environment) as string)
            .build();
          push(time, event);
          deployment = event.meta.id;
        } else if (kind === 'activity') {
          const triggered = eiffelEvent(
            'EiffelActivityTriggeredEvent',
            { name: `Deploy ${service}`, customData: [{ key: 'environment', value: environment }] },
            { id: uuid(), time: time - 5 * 60_000, source },
          )
            .link('CAUSE', artifactEvent)
            .build();
          push(time - 5 * 60_000, triggered);
          const finished = eiffelEvent(
            'EiffelActivityFinishedEvent',
            { outcome: { conclusion: failed ? 'FAILED' : 'SUCCESSFUL' } },
            { id: uuid(), time, source },
          )
            .link('ACTIVITY_EXECUTION', triggered.meta.id)
            .build();
          push(time, finished);
          deployment = triggered.meta.id;
        } else {
          deployment = cd(
            build % 3 === 0 ? 'service.deployed.0.3.0' : 'service.upgraded.0.3.0',
            time,
            { id: service, content: { environment: { id: environment }, artifactId: purl } },
            failed ? { customData: { outcome: 'failure' } } : {},
          );
        }
        if (environment === 'staging' && kind === 'commits' && !failed)
          staged.push({ id: deployment, time, service });
        if (environment === 'production' && kind === 'commits' && !failed)
          released.push({ purl, time, service });
        if (environment !== 'production' || failed) continue;
        // Production: sometimes rolled back to the previous good artifact, sometimes an incident.
        const rolledBack =
          (kind === 'commits' || kind === 'squash') && previousProdArtifact !== null && rnd() < 0.05;
        if (rolledBack) {
          // Announced as a rollback, or (a third of them) a plain deployment of the older artifact.
          const announced = rnd() < 0.67;
          cd(
            announced ? 'service.rolledback.0.3.0' : 'service.deployed.0.3.0',
            time + between(HOUR, 6 * HOUR),
            { id: service, content: { environment: { id: 'production' }, artifactId: previousProdArtifact } },
          );
        } else {
          previousProdArtifact = purl;
        }
        lastGood.set(environment, deployment);
        const roll = rnd();
        const detected = time + between(30 * 60_000, 20 * HOUR);
        const resolveAfter = rnd() < 0.8 ? between(10 * 60_000, 3 * DAY) : null;
        if (roll < 0.04) {
          incident(
            detected,
            { environment: { id: 'production' }, service: { id: service } },
            [{ linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: deployment } }],
            resolveAfter,
          );
        } else if (roll < 0.08 && kind !== 'activity') {
          incident(
            detected,
            { environment: { id: 'production' }, artifactId: purl },
            undefined,
            resolveAfter,
          );
        } else if (roll < 0.12 && (kind === 'commits' || kind === 'squash')) {
          incident(
            detected + between(0, 4 * DAY),
            { environment: { id: 'production' }, service: { id: service } },
            undefined,
            resolveAfter,
          );
        }
      }
    }
  }
  // Production incidents that link to a staging deployment: whatever a question's environment,
  // they go where they would go over every deployment.
  for (let n = 0; n < 6 && staged.length > 0; n++) {
    const d = staged[Math.floor((n * staged.length) / 6)] as (typeof staged)[number];
    incident(
      d.time + 2 * HOUR,
      { environment: { id: 'production' }, service: { id: d.service } },
      [{ linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: d.id } }],
      3 * HOUR,
    );
  }
  // Incidents resolved by deploying a fix: detected after one production deployment, resolved
  // by the next one of the same service, whose artifact the resolution names (rework).
  for (
    let n = 0, at = 0;
    n < 8 && at + 1 < released.length;
    at += Math.max(1, Math.floor(released.length / 9))
  ) {
    const [before, fix] = [released[at], released[at + 1]] as [
      (typeof released)[number],
      (typeof released)[number],
    ];
    if (before.service !== fix.service || fix.time - before.time < 4 * HOUR) continue;
    incident(
      before.time + HOUR,
      { environment: { id: 'production' }, service: { id: before.service } },
      undefined,
      fix.time + 20 * 60_000 - (before.time + HOUR),
      fix.purl,
    );
    n++;
  }
  // Incidents nothing can be put on: services nobody deploys.
  for (let n = 0; n < 8; n++) {
    incident(
      start + between(10 * DAY, days * DAY - 10 * DAY),
      { environment: { id: 'production' }, service: { id: `legacy-${n}` } },
      undefined,
      n % 2 === 0 ? between(HOUR, DAY) : null,
    );
  }

  events.sort((a, b) => a.time - b.time);
  const ordered = events.map((entry) => entry.event);
  const shuffle = (list: unknown[]): unknown[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  const written = shuffle([...ordered]);
  const again = shuffle(ordered.filter(() => rnd() < 0.03));
  return {
    events: ordered,
    written,
    again,
    start,
    // The events are in time order: the last is the latest (a spread of 400,000 overflows the stack).
    end: (events[events.length - 1]?.time ?? start) + 1,
    environments: ENVIRONMENTS,
    services,
  };
}
