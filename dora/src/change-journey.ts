import { computeDora, type DoraLimits } from './dora-compute.js';
import type { DoraConfig } from './dora-config.js';
import { readDeployments, type DoraGraph } from './dora-reader.js';

// Where a change went and when (issue 20, `GET /dora/changes/:id`): per environment, the first
// successful deployment that delivered it — the deployment whose delta holds it and counts its lead
// time, exactly as `GET /dora` and `/dora/deployments` of that environment count it.

/** The asked change reaching one environment. */
export interface ChangeArrival {
  readonly environment: string;
  /** Whether the environment is a production one (the config's pattern). */
  readonly production: boolean;
  readonly service: string;
  readonly deploymentId: string;
  readonly time: number;
  /** From the change's start (its earliest event) to this deployment. */
  readonly leadTimeMs: number;
  /** The deployment was its service's first in the environment: its delta is the seed window's. */
  readonly seed: boolean;
}

export interface ChangeJourney {
  /** The change the asked event is part of (its events linked as one change), when any deployment holds it. */
  readonly change: {
    readonly id: string;
    readonly eventIds: readonly string[];
    readonly time: number;
  } | null;
  /** In arrival order. */
  readonly arrivals: readonly ChangeArrival[];
}

export interface ChangeJourneyQuery {
  /** An event of the change: a commit, a pull request's creation or merge, an Eiffel submission. */
  readonly id: string;
  readonly since: number;
  readonly until: number;
  readonly service?: string | undefined;
}

/**
 * Where the change of event `query.id` was first delivered in each environment with deployments in
 * the window, and when.
 * @throws DORA_LIMIT_EXCEEDED when a delta walk passes `limits.deltaBudget`
 */
export async function changeJourney(
  graph: DoraGraph,
  config: DoraConfig,
  query: ChangeJourneyQuery,
  limits: DoraLimits,
): Promise<ChangeJourney> {
  const deployed = await readDeployments(graph, config, query.until, limits.timeoutMs);
  const environments = [
    ...new Set(
      deployed
        .filter((d) => d.time >= query.since && (query.service === undefined || d.service === query.service))
        .map((d) => d.environment),
    ),
  ].sort();
  let change: ChangeJourney['change'] = null;
  const arrivals: ChangeArrival[] = [];
  for (const environment of environments) {
    const { deployments } = await computeDora(
      graph,
      config,
      { since: query.since, until: query.until, environment, service: query.service },
      limits,
    );
    for (const d of deployments) {
      const held = d.changes.find(
        (candidate) =>
          candidate.counted && (candidate.id === query.id || candidate.eventIds.includes(query.id)),
      );
      if (held === undefined) continue;
      change ??= { id: held.id, eventIds: held.eventIds, time: held.time };
      arrivals.push({
        environment,
        production: config.production.test(environment),
        service: d.service,
        deploymentId: d.id,
        time: d.time,
        leadTimeMs: held.leadTimeMs,
        seed: d.seed,
      });
      break;
    }
  }
  return {
    change,
    arrivals: arrivals.sort((a, b) => a.time - b.time || a.environment.localeCompare(b.environment)),
  };
}
