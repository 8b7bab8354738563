import { TraceyError } from '@tracey/common';
import { DeltaBudgetExceeded, deltaChanges, reachDelta } from './change-delta.js';
import type { DoraConfig } from './dora-config.js';
import { DORA_ERROR_CODES } from './dora-error.js';
import { doraKeys, type DoraKeys } from './dora-keys.js';
import type { CauseMethod, DeploymentEvent, DeploymentSource, IncidentRecord } from './dora-model.js';
import { periodsOf, type DoraPeriod } from './dora-periods.js';
import {
  GraphContentSource,
  readCommitEvents,
  readDeployments,
  readIncidents,
  type DoraGraph,
} from './dora-reader.js';

/** Which deployments and incidents a question is about. */
export interface DoraQuery {
  readonly since: number;
  readonly until: number;
  readonly service?: string | undefined;
  /** Default: the production environments (the config's pattern). */
  readonly environment?: string | undefined;
  /** The services of this team (the config's `teams`). */
  readonly team?: string | undefined;
  readonly groupBy?: DoraPeriod | undefined;
  /**
   * Also find each change's first deployment anywhere (of its service, any environment) for the
   * delivery and release stages: walks the deltas of the other environments' deployments too.
   */
  readonly releaseStage?: boolean | undefined;
}

/** How far a computation may go. */
export interface DoraLimits {
  readonly clockSkewMs: number;
  /** Events one delta walk may see. */
  readonly deltaBudget: number;
  /** Timeout of each read transaction, ms. */
  readonly timeoutMs: number;
}

/** A change of a deployment's delta with its lead time to that deployment. */
export interface DeploymentChange {
  readonly id: string;
  readonly eventIds: readonly string[];
  /** Its start: the earliest time of its events. */
  readonly time: number;
  /** From its start to this deployment. */
  readonly leadTimeMs: number;
  /** Whether this is the first successful deployment of the scope that delivered it: its lead time counts. */
  readonly counted: boolean;
  /**
   * The lead time in the stages the graph holds, ms, `null` where a stage's end is unknown:
   * coding (its start → opened for review), review (→ merged), delivery (merged → its first
   * deployment anywhere), release (→ this deployment). Without `releaseStage` asked for, delivery
   * runs to this deployment and release is `null`.
   */
  readonly stages: {
    readonly codingMs: number | null;
    readonly reviewMs: number | null;
    readonly deliveryMs: number | null;
    readonly releaseMs: number | null;
  };
}

/** A deployment with all the graph says about it. */
export interface DoraDeployment {
  readonly id: string;
  readonly source: DeploymentSource;
  readonly rollback: boolean;
  readonly service: string;
  readonly environment: string;
  readonly production: boolean;
  readonly artifact: string | null;
  readonly time: number;
  /** As the event says. */
  readonly outcome: 'success' | 'failure';
  /** The rollback that replaced it, if any (before `until`). */
  readonly rolledBackBy: string | null;
  /** Incidents detected in the window put on it. */
  readonly incidents: readonly string[];
  /** Outcome failure, rolled back, or caused an incident. */
  readonly failed: boolean;
  /** A rollback, the fix an incident's resolution names, or a delta with a change that resolves a bug. */
  readonly rework: boolean;
  /** The previous successful deployment of the same service to the same environment. */
  readonly previousDeploymentId: string | null;
  /** No previous deployment: the changes are those of the seed window before it. */
  readonly seed: boolean;
  readonly changes: readonly DeploymentChange[];
}

/** An incident with the deployment it is put on and how. */
export interface DoraIncident {
  readonly id: string;
  readonly eventIds: readonly string[];
  readonly service: string | null;
  readonly environment: string | null;
  readonly artifact: string | null;
  readonly detectedAt: number;
  readonly resolvedAt: number | null;
  readonly cause: { readonly deploymentId: string | null; readonly method: CauseMethod };
  /** Detected → resolved. */
  readonly recoveryMs: number | null;
  /** Cause deployed → resolved. */
  readonly fromDeploymentMs: number | null;
}

/** One computation's answer: the keys, per period when asked, and what they are computed from. */
export interface DoraResult {
  readonly since: number;
  readonly until: number;
  readonly services: readonly string[] | null;
  readonly environment: string | null;
  readonly keys: DoraKeys;
  readonly groups: readonly { readonly period: number; readonly keys: DoraKeys }[];
  readonly deployments: readonly DoraDeployment[];
  readonly incidents: readonly DoraIncident[];
}

/** The services of `team`, or `undefined` when the config has no such team. */
export function teamServices(config: DoraConfig, team: string): readonly string[] | undefined {
  return config.teams.find((entry) => entry.name === team)?.services;
}

const chainKey = (d: { service: string; environment: string }): string =>
  `${d.service}\u0000${d.environment}`;

/** The deployment of `candidates` latest by time (then id). */
function latest(candidates: readonly DeploymentEvent[]): DeploymentEvent | null {
  let best: DeploymentEvent | null = null;
  for (const d of candidates)
    if (best === null || d.time > best.time || (d.time === best.time && d.id > best.id)) best = d;
  return best;
}

/**
 * The successful deployments by artifact (and environment) and by service and environment, each in
 * (time, id) order: the latest one before a time is a binary search, not a pass over all of them.
 */
export class DeploymentIndex {
  private readonly byKey = new Map<string, DeploymentEvent[]>();

  constructor(
    deployments: readonly DeploymentEvent[],
    readonly byId: ReadonlyMap<string, DeploymentEvent>,
  ) {
    const add = (key: string, d: DeploymentEvent): void => {
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [d]);
      else list.push(d);
    };
    for (const d of deployments) {
      if (d.outcome !== 'success') continue;
      add(`chain\u0000${chainKey(d)}`, d);
      if (d.artifact === null) continue;
      add(`artifact\u0000${d.artifact}`, d);
      add(`artifact\u0000${d.artifact}\u0000${d.environment}`, d);
    }
    for (const list of this.byKey.values())
      list.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The latest successful deployment of the key at or before `time`, at or after `from`. */
  latest(key: string, time: number, from = Number.NEGATIVE_INFINITY): DeploymentEvent | null {
    const list = this.byKey.get(key);
    if (list === undefined) return null;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((list[mid] as DeploymentEvent).time <= time) low = mid + 1;
      else high = mid;
    }
    const found = list[low - 1];
    return found !== undefined && found.time >= from ? found : null;
  }

  static artifactKey(artifact: string, environment: string | null): string {
    return environment === null
      ? `artifact\u0000${artifact}`
      : `artifact\u0000${artifact}\u0000${environment}`;
  }

  static chainKey(service: string, environment: string): string {
    return `chain\u0000${chainKey({ service, environment })}`;
  }
}

/** The deployment `incident` is put on, and how (docs/dora.md#incidents). */
export function attribute(
  incident: IncidentRecord,
  index: DeploymentIndex,
  windowMs: number,
): { deployment: DeploymentEvent | null; method: CauseMethod } {
  const linked = latest(incident.linkedDeployments.flatMap((id) => index.byId.get(id) ?? []));
  if (linked !== null) return { deployment: linked, method: 'explicit' };
  if (incident.artifact !== null) {
    const byArtifact = index.latest(
      DeploymentIndex.artifactKey(incident.artifact, incident.environment),
      incident.detectedAt,
    );
    if (byArtifact !== null) return { deployment: byArtifact, method: 'artifact' };
  }
  if (incident.service !== null && incident.environment !== null) {
    const inWindow = index.latest(
      DeploymentIndex.chainKey(incident.service, incident.environment),
      incident.detectedAt,
      incident.detectedAt - windowMs,
    );
    if (inWindow !== null) return { deployment: inWindow, method: 'window' };
  }
  return { deployment: null, method: 'none' };
}

/**
 * The deployment that first delivered a root cause: the earliest successful one, before the
 * detection and of the incident's service and environment where it names them, whose delta holds
 * an event that made the commit. Deltas of one service and environment do not overlap, so that is
 * the deployment that brought the commit there.
 */
function firstDelivery(
  deployments: readonly DeploymentEvent[],
  changesOf: ReadonlyMap<string, readonly { eventIds: readonly string[] }[]>,
  incident: IncidentRecord,
  commitEvents: readonly string[],
): DeploymentEvent | null {
  const made = new Set(commitEvents);
  if (made.size === 0) return null;
  let first: DeploymentEvent | null = null;
  for (const d of deployments) {
    if (d.outcome !== 'success' || d.time > incident.detectedAt) continue;
    if (incident.service !== null && d.service !== incident.service) continue;
    if (incident.environment !== null && d.environment !== incident.environment) continue;
    const holds = (changesOf.get(d.id) ?? []).some((change) => change.eventIds.some((id) => made.has(id)));
    if (holds && (first === null || d.time < first.time || (d.time === first.time && d.id < first.id)))
      first = d;
  }
  return first;
}

/**
 * The deployments of the services `asked` and those an incident could be put on instead of one of
 * them: the deployments their incidents link to, and those of the artifacts their incidents (or
 * incidents naming no service, of an artifact these services deployed) name. An incident is then
 * put where it would be put over every deployment.
 */
async function readScopedDeployments(
  graph: DoraGraph,
  config: DoraConfig,
  until: number,
  timeoutMs: number,
  asked: readonly string[],
  incidents: readonly IncidentRecord[],
): Promise<DeploymentEvent[]> {
  const ours = incidents.filter((incident) => incident.service !== null && asked.includes(incident.service));
  // An incident naming no service is of the deployment it links to, whichever that is.
  const linking = incidents.filter(
    (incident) => incident.service === null || asked.includes(incident.service),
  );
  const own = await readDeployments(graph, config, until, timeoutMs, {
    services: asked,
    ids: [...new Set(linking.flatMap((incident) => incident.linkedDeployments))],
    artifacts: [...new Set(ours.flatMap((incident) => incident.artifact ?? []))],
  });
  const deployed = new Set(own.flatMap((d) => d.artifact ?? []));
  const shared = [
    ...new Set(
      incidents.flatMap((incident) =>
        incident.service === null && incident.artifact !== null && deployed.has(incident.artifact)
          ? [incident.artifact]
          : [],
      ),
    ),
  ];
  if (shared.length === 0) return own;
  const known = new Set(own.map((d) => d.id));
  const others = await readDeployments(graph, config, until, timeoutMs, {
    services: [],
    ids: [],
    artifacts: shared,
  });
  return [...own, ...others.filter((d) => !known.has(d.id))].sort(
    (a, b) => a.time - b.time || (a.id < b.id ? -1 : 1),
  );
}

/**
 * The DORA keys of `query` from the graph: deployments, their deltas (walked from each deployment,
 * stopping at what the previous successful deployment of the same service and environment
 * reaches), incidents put on deployments, and the keys over all of them. Nothing is stored.
 * @throws DORA_LIMIT_EXCEEDED when a delta walk passes `limits.deltaBudget`
 */
export async function computeDora(
  graph: DoraGraph,
  config: DoraConfig,
  query: DoraQuery,
  limits: DoraLimits,
): Promise<DoraResult> {
  const services = query.team === undefined ? null : (teamServices(config, query.team) ?? []);
  const asked = query.service !== undefined ? [query.service] : services;
  const allIncidents = await readIncidents(graph, limits.timeoutMs);
  const inEnvironment = (environment: string): boolean =>
    query.environment === undefined ? config.production.test(environment) : environment === query.environment;
  // One service or team: its deployments through indexes. Every service: the scope's environments
  // only (a previous deployment is one of the same environment) — unless the release stage needs
  // every environment — with the deployments incidents link to, and those of the artifacts of
  // incidents that name no environment, wherever they are.
  const all =
    asked !== null
      ? await readScopedDeployments(graph, config, query.until, limits.timeoutMs, asked, allIncidents)
      : await readDeployments(
          graph,
          config,
          query.until,
          limits.timeoutMs,
          null,
          query.releaseStage === true
            ? null
            : {
                match: inEnvironment,
                ids: [...new Set(allIncidents.flatMap((incident) => incident.linkedDeployments))],
                artifacts: [
                  ...new Set(
                    allIncidents.flatMap((incident) =>
                      incident.environment === null && incident.artifact !== null ? [incident.artifact] : [],
                    ),
                  ),
                ],
              },
        );
  const byId = new Map(all.map((d) => [d.id, d]));
  // Per service and environment, in time order: the previous successful one, and what rollbacks replaced.
  const previous = new Map<string, DeploymentEvent | null>();
  const rolledBackBy = new Map<string, string>();
  const lastSuccess = new Map<string, DeploymentEvent>();
  // Per service and environment, the artifacts it ran before: deploying one of them again, other
  // than the one running, goes back to an older version — a rollback, however it was announced.
  const ranBefore = new Map<string, Set<string>>();
  const rollbacks = new Set<string>();
  for (const d of all) {
    const chain = chainKey(d);
    const prev = lastSuccess.get(chain) ?? null;
    previous.set(d.id, prev);
    const older =
      d.artifact !== null &&
      prev !== null &&
      d.artifact !== prev.artifact &&
      ranBefore.get(chain)?.has(d.artifact) === true;
    if (d.rollback || older) rollbacks.add(d.id);
    if (rollbacks.has(d.id) && prev !== null) rolledBackBy.set(prev.id, d.id);
    if (d.outcome === 'success') {
      lastSuccess.set(chain, d);
      if (d.artifact !== null) ranBefore.set(chain, (ranBefore.get(chain) ?? new Set()).add(d.artifact));
    }
  }

  const inService = (service: string | null): boolean =>
    (query.service === undefined || service === query.service) &&
    (services === null || (service !== null && services.includes(service)));
  const inScope = (service: string | null, environment: string | null): boolean =>
    inService(service) &&
    (query.environment === undefined
      ? environment !== null && config.production.test(environment)
      : environment === query.environment);
  const scoped = all.filter((d) => d.time >= query.since && inScope(d.service, d.environment));

  const source = new GraphContentSource(graph, limits.timeoutMs);
  // Each deployment's delta first: a root cause is put on the deployment whose delta holds it.
  // All walks at once: the source reads what they ask for in the same turn in one round trip.
  const changesOf = new Map<string, ReturnType<typeof deltaChanges>>();
  const seedOf = new Map<string, boolean>();
  const walk = async (d: DeploymentEvent): Promise<void> => {
    const prev = previous.get(d.id) ?? null;
    const seed = prev === null || prev.walkFrom === null;
    const floor = seed ? d.time - config.seedWindowMs : null;
    seedOf.set(d.id, seed);
    if (d.walkFrom === null) {
      changesOf.set(d.id, []);
      return;
    }
    try {
      const delta = await reachDelta(source, d.walkFrom, seed ? null : (prev?.walkFrom ?? null), floor, {
        clockSkewMs: limits.clockSkewMs,
        budget: limits.deltaBudget,
      });
      changesOf.set(d.id, deltaChanges(source, delta, floor));
    } catch (error) {
      if (!(error instanceof DeltaBudgetExceeded)) throw error;
      throw new TraceyError(
        DORA_ERROR_CODES.limitExceeded,
        `the changes of deployment ${d.id} need more than ${error.budget} events; ask for a shorter window or one service`,
        { details: { limit: 'deltaBudget', value: error.budget, deployment: d.id } },
      );
    }
  };
  // Per service and event: the earliest successful deployment whose delta holds it.
  const firstAnywhere = new Map<string, number>();
  try {
    await Promise.all(scoped.map(walk));
    if (query.releaseStage === true) {
      // A deployment holds only what happened before it: the other deployments from the scope's
      // earliest change on are enough (the clock skew allowed for).
      let earliest = Number.POSITIVE_INFINITY;
      for (const changes of changesOf.values())
        for (const change of changes) earliest = Math.min(earliest, change.time);
      const walked = new Set(scoped.map((d) => d.id));
      const others = all.filter(
        (d) =>
          !walked.has(d.id) &&
          d.outcome === 'success' &&
          d.time >= earliest - limits.clockSkewMs &&
          inService(d.service),
      );
      await Promise.all(others.map(walk));
      for (const d of [...scoped, ...others]) {
        if (d.outcome !== 'success') continue;
        for (const change of changesOf.get(d.id) ?? [])
          for (const id of change.eventIds) {
            const key = `${d.service}\u0000${id}`;
            if ((firstAnywhere.get(key) ?? Number.POSITIVE_INFINITY) > d.time) firstAnywhere.set(key, d.time);
          }
      }
    }
  } finally {
    source.close();
  }

  const index = new DeploymentIndex(all, byId);
  // Fixes: the deployment of the artifact an incident's resolution names, between its detection and
  // its resolution (the latest such, of its environment when it names one) — an unplanned fix.
  const fixes = new Set<string>();
  for (const incident of allIncidents) {
    if (incident.fixArtifact === null || incident.resolvedAt === null) continue;
    const fix = index.latest(
      DeploymentIndex.artifactKey(incident.fixArtifact, incident.environment),
      incident.resolvedAt,
      incident.detectedAt,
    );
    if (fix !== null) fixes.add(fix.id);
  }
  const incidents: DoraIncident[] = [];
  const incidentsOf = new Map<string, string[]>();
  for (const incident of allIncidents) {
    if (incident.detectedAt < query.since || incident.detectedAt >= query.until) continue;
    const byRootCause =
      incident.rootCause === null
        ? null
        : firstDelivery(
            scoped,
            changesOf,
            incident,
            await readCommitEvents(graph, incident.rootCause, limits.timeoutMs),
          );
    const { deployment, method } =
      byRootCause !== null
        ? { deployment: byRootCause, method: 'root-cause' as const }
        : attribute(incident, index, config.incidentWindowMs);
    if (deployment !== null)
      incidentsOf.set(deployment.id, [...(incidentsOf.get(deployment.id) ?? []), incident.id]);
    incidents.push({
      id: incident.id,
      eventIds: incident.eventIds,
      service: incident.service ?? deployment?.service ?? null,
      environment: incident.environment ?? deployment?.environment ?? null,
      artifact: incident.artifact,
      detectedAt: incident.detectedAt,
      resolvedAt: incident.resolvedAt,
      cause: { deploymentId: deployment?.id ?? null, method },
      recoveryMs: incident.resolvedAt === null ? null : incident.resolvedAt - incident.detectedAt,
      fromDeploymentMs:
        incident.resolvedAt === null || deployment === null ? null : incident.resolvedAt - deployment.time,
    });
  }

  const delivered = new Set<string>();
  const deployments: DoraDeployment[] = [];
  for (const d of scoped) {
    const prev = previous.get(d.id) ?? null;
    const seed = seedOf.get(d.id) ?? true;
    const changes = changesOf.get(d.id) ?? [];
    const rolledBack = rolledBackBy.get(d.id) ?? null;
    const caused = incidentsOf.get(d.id) ?? [];
    const counts = d.outcome === 'success' && rolledBack === null;
    deployments.push({
      id: d.id,
      source: d.source,
      rollback: rollbacks.has(d.id),
      service: d.service,
      environment: d.environment,
      production: config.production.test(d.environment),
      artifact: d.artifact,
      time: d.time,
      outcome: d.outcome,
      rolledBackBy: rolledBack,
      incidents: caused,
      failed: d.outcome === 'failure' || rolledBack !== null || caused.length > 0,
      rework: rollbacks.has(d.id) || fixes.has(d.id) || changes.some((change) => change.bug),
      previousDeploymentId: prev?.id ?? null,
      seed,
      changes: changes.map((change) => {
        const counted = counts && !delivered.has(change.id);
        if (counted) delivered.add(change.id);
        let first = d.time;
        for (const id of change.eventIds)
          first = Math.min(first, firstAnywhere.get(`${d.service}\u0000${id}`) ?? first);
        return {
          id: change.id,
          eventIds: change.eventIds,
          time: change.time,
          leadTimeMs: d.time - change.time,
          counted,
          stages: {
            codingMs: change.reviewAt === null ? null : change.reviewAt - change.time,
            reviewMs:
              change.reviewAt === null || change.mergedAt === null ? null : change.mergedAt - change.reviewAt,
            deliveryMs: change.mergedAt === null ? null : first - change.mergedAt,
            releaseMs: query.releaseStage === true ? d.time - first : null,
          },
        };
      }),
    });
  }
  const scopedIncidents = incidents.filter((incident) => inScope(incident.service, incident.environment));

  const keysBetween = (from: number, to: number): DoraKeys => {
    const ds = deployments.filter((d) => d.time >= from && d.time < to);
    const is = scopedIncidents.filter((incident) => incident.detectedAt >= from && incident.detectedAt < to);
    return doraKeys({
      from,
      to,
      deployments: ds.map((d) => ({
        time: d.time,
        successful: d.outcome === 'success',
        failed: d.failed,
        rework: d.rework,
      })),
      leadTimes: ds.flatMap((d) =>
        d.changes.filter((change) => change.counted).map((change) => change.leadTimeMs),
      ),
      recoveries: is.flatMap((incident) => incident.recoveryMs ?? []),
      recoveriesFromDeployment: is.flatMap((incident) => incident.fromDeploymentMs ?? []),
    });
  };
  return {
    since: query.since,
    until: query.until,
    services: query.service !== undefined ? [query.service] : services,
    environment: query.environment ?? null,
    keys: keysBetween(query.since, query.until),
    groups:
      query.groupBy === undefined
        ? []
        : periodsOf(query.since, query.until, query.groupBy).map(({ start, from, to }) => ({
            period: start,
            keys: keysBetween(from, to),
          })),
    deployments,
    incidents: scopedIncidents,
  };
}
