import type { GraphReader } from '@tracey/graph';

/** What the DORA keys need of the graph: its read surface's `read`. */
export type DoraGraph = Pick<GraphReader, 'read'>;
import type { ContentSource } from './change-delta.js';
import type { DoraConfig } from './dora-config.js';
import {
  ACTIVITY_DEPLOYMENTS_CYPHER,
  CD_DEPLOYMENTS_CYPHER,
  CD_SCOPED_DEPLOYMENTS_CYPHER,
  ACTIVITY_NAMES,
  CD_ENVIRONMENTS,
  EIFFEL_ENVIRONMENTS,
  ACTIVITY_SCOPED_DEPLOYMENTS_CYPHER,
  EIFFEL_SCOPED_DEPLOYMENTS_CYPHER,
  COMMIT_EVENTS_CYPHER,
  CONTENT_LINKS_CYPHER,
  EIFFEL_DEPLOYMENTS_CYPHER,
  INCIDENTS_CYPHER,
} from './dora-cypher.js';
import type { ContentLink, ContentNode, DeploymentEvent, IncidentRecord } from './dora-model.js';

/** A purl without its version (and what follows it): the service of an Eiffel deployment. */
export function purlWithoutVersion(purl: string): string {
  const at = purl.indexOf('@');
  return at < 0 ? purl.replace(/[?#].*$/, '') : purl.slice(0, at);
}

const parseJson = (text: unknown): Record<string, unknown> => {
  if (typeof text !== 'string') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** `customData.outcome` of a CDEvent: `failure` (any case) fails the deployment. */
function cdOutcome(event: Record<string, unknown>): 'success' | 'failure' {
  const custom = event['customData'];
  const outcome =
    typeof custom === 'object' && custom !== null
      ? (custom as Record<string, unknown>)['outcome']
      : undefined;
  return typeof outcome === 'string' && outcome.toLowerCase() === 'failure' ? 'failure' : 'success';
}

/** An Eiffel event's `data.customData` value of `key`. */
function eiffelCustom(event: Record<string, unknown>, key: string): string | null {
  const data = event['data'];
  const custom =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['customData'] : undefined;
  if (!Array.isArray(custom)) return null;
  for (const entry of custom as unknown[]) {
    if (typeof entry === 'object' && entry !== null) {
      const { key: name, value } = entry as { key?: unknown; value?: unknown };
      if (name === key && typeof value === 'string') return value;
    }
  }
  return null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** What a read transaction runs statements with. */
type ReadTx = Parameters<Parameters<DoraGraph['read']>[1]>[0];

// Distinct values of a kind of event (the names of Eiffel activities: builds and tests too, most of
// a large graph's activities; the environments deployed to) are a scan of them all; kept per graph
// while the count of that kind, read from Neo4j's count store at no cost, stays the same, and for
// at most a minute (a purge can delete as many as arrive).
const DISTINCT_TTL_MS = 60_000;
const distinctCache = new WeakMap<DoraGraph, Map<string, { count: number; at: number; values: string[] }>>();

async function distinctValues(
  graph: DoraGraph,
  tx: ReadTx,
  statements: { readonly count: string; readonly values: string },
): Promise<string[]> {
  const count = Number((await tx.run(statements.count)).records[0]?.get('count') ?? 0);
  const cache =
    distinctCache.get(graph) ?? new Map<string, { count: number; at: number; values: string[] }>();
  distinctCache.set(graph, cache);
  const cached = cache.get(statements.values);
  if (cached !== undefined && cached.count === count && Date.now() - cached.at < DISTINCT_TTL_MS)
    return cached.values;
  const values = (await tx.run(statements.values)).records
    .map((record) => record.get('value') as unknown)
    .filter((value): value is string => typeof value === 'string');
  cache.set(statements.values, { count, at: Date.now(), values });
  return values;
}

/**
 * Deployments to the environments `match` takes only (the keys of one environment, or of the
 * production ones), and those of the ids and artifacts incidents name whatever their environment,
 * so an incident is put where it would be put over every deployment.
 */
export interface EnvironmentScope {
  readonly match: (environment: string) => boolean;
  readonly ids: readonly string[];
  readonly artifacts: readonly string[];
}

/** Which deployments to read: those of `services`, and those with the ids or artifacts incidents name. */
export interface DeploymentScope {
  readonly services: readonly string[];
  readonly ids: readonly string[];
  readonly artifacts: readonly string[];
}

/**
 * Every deployment finished before `until` (or those of `scope`): CDEvents `service.*`, Eiffel
 * artifact deployments and runs of the activities the config's pattern names. Deployments without a
 * service or environment are left out (docs/dora.md#deployments).
 */
export async function readDeployments(
  graph: DoraGraph,
  config: DoraConfig,
  until: number,
  timeoutMs: number,
  scope: DeploymentScope | null = null,
  environments: EnvironmentScope | null = null,
): Promise<DeploymentEvent[]> {
  const params = {
    until,
    services: scope?.services ?? [],
    ids: scope?.ids ?? environments?.ids ?? [],
    artifacts: scope?.artifacts ?? environments?.artifacts ?? [],
    environments: null as string[] | null,
  };
  // The Cypher picks Eiffel services by purl prefix; this keeps the exact ones.
  const wanted = (id: string, service: string, artifact: string): boolean =>
    scope === null ||
    scope.services.includes(service) ||
    scope.ids.includes(id) ||
    scope.artifacts.includes(artifact);
  return graph.read(
    'dora deployments',
    async (tx) => {
      if (scope === null && environments !== null) {
        // The environments' names and ids of the graph, those the scope takes.
        const known = [
          ...(await distinctValues(graph, tx, CD_ENVIRONMENTS)),
          ...(await distinctValues(graph, tx, EIFFEL_ENVIRONMENTS)),
        ];
        params.environments = [...new Set(known.filter((environment) => environments.match(environment)))];
      }
      const deployments: DeploymentEvent[] = [];
      const cd = scope === null ? CD_DEPLOYMENTS_CYPHER : CD_SCOPED_DEPLOYMENTS_CYPHER;
      for (const record of (await tx.run(cd, params)).records) {
        const service = text(record.get('service'));
        const environment = text(record.get('environment'));
        if (service === null || environment === null) continue;
        deployments.push({
          id: record.get('id') as string,
          source: 'cdevents',
          rollback: record.get('rollback') as boolean,
          service,
          environment,
          artifact: text(record.get('artifact')),
          time: record.get('time') as number,
          outcome: cdOutcome(parseJson(record.get('event'))),
          walkFrom: record.get('id') as string,
        });
      }
      const eiffel = scope === null ? EIFFEL_DEPLOYMENTS_CYPHER : EIFFEL_SCOPED_DEPLOYMENTS_CYPHER;
      for (const record of (await tx.run(eiffel, params)).records) {
        const artifact = text(record.get('artifact'));
        const environment = text(record.get('environment'));
        if (artifact === null || environment === null) continue;
        if (!wanted(record.get('id') as string, purlWithoutVersion(artifact), artifact)) continue;
        deployments.push({
          id: record.get('id') as string,
          source: 'eiffel-artifact-deployed',
          rollback: false,
          service: purlWithoutVersion(artifact),
          environment,
          artifact,
          time: record.get('time') as number,
          outcome: 'success',
          walkFrom: record.get('id') as string,
        });
      }
      const names = (await distinctValues(graph, tx, ACTIVITY_NAMES)).filter((name) =>
        config.deployActivity.test(name),
      );
      if (names.length > 0) {
        const activity = scope === null ? ACTIVITY_DEPLOYMENTS_CYPHER : ACTIVITY_SCOPED_DEPLOYMENTS_CYPHER;
        for (const record of (await tx.run(activity, { ...params, names })).records) {
          const artifact = text(record.get('artifact'));
          const environment = eiffelCustom(parseJson(record.get('event')), 'environment');
          if (artifact === null || environment === null) continue;
          if (!wanted(record.get('id') as string, purlWithoutVersion(artifact), artifact)) continue;
          deployments.push({
            id: record.get('id') as string,
            source: 'eiffel-activity',
            rollback: false,
            service: purlWithoutVersion(artifact),
            environment,
            artifact,
            time: record.get('time') as number,
            outcome: record.get('conclusion') === 'SUCCESSFUL' ? 'success' : 'failure',
            walkFrom: text(record.get('artifactEvent')),
          });
        }
      }
      return deployments.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
    },
    { timeoutMs },
  );
}

const COMMIT_PREFIX = /^[0-9a-f]{7,64}$/;

/** `customData.rootCause` of a detection's stored JSON: a commit hash (or its prefix of ≥ 7). */
function rootCauseOf(json: unknown): string | null {
  if (typeof json !== 'string') return null;
  try {
    const custom = (JSON.parse(json) as { customData?: unknown }).customData;
    const value =
      typeof custom === 'object' && custom !== null
        ? (custom as { rootCause?: unknown }).rootCause
        : undefined;
    const commit = typeof value === 'string' ? value.trim().toLowerCase() : '';
    return COMMIT_PREFIX.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

/** The events that made the commit `commit` (full hash or prefix). */
export async function readCommitEvents(
  graph: DoraGraph,
  commit: string,
  timeoutMs: number,
): Promise<string[]> {
  return graph.read(
    'dora root cause',
    async (tx) =>
      (await tx.run(COMMIT_EVENTS_CYPHER, { commit })).records.map((record) => record.get('id') as string),
    { timeoutMs },
  );
}

/**
 * Every incident: the `incident.detected|reported` events of one subject id make one, detected at
 * the earliest of them; the earliest `incident.resolved` of the same subject id not before that
 * resolves it.
 */
export async function readIncidents(graph: DoraGraph, timeoutMs: number): Promise<IncidentRecord[]> {
  const rows = await graph.read(
    'dora incidents',
    async (tx) =>
      (await tx.run(INCIDENTS_CYPHER)).records.map((record) => ({
        id: record.get('id') as string,
        resolved: record.get('resolved') as boolean,
        subject: text(record.get('subject')) ?? (record.get('id') as string),
        service: text(record.get('service')),
        environment: text(record.get('environment')),
        artifact: text(record.get('artifact')),
        time: record.get('time') as number,
        linked: record.get('linked') as string[],
        rootCause: rootCauseOf(record.get('event')),
      })),
    { timeoutMs },
  );
  const bySubject = new Map<string, typeof rows>();
  for (const row of rows) bySubject.set(row.subject, [...(bySubject.get(row.subject) ?? []), row]);
  const incidents: IncidentRecord[] = [];
  for (const [subject, events] of bySubject) {
    const detections = events
      .filter((event) => !event.resolved)
      .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
    const first = detections[0];
    if (first === undefined) continue;
    // The earliest resolution not before the detection, and the artifact it names (the fix).
    const resolving = events
      .filter((event) => event.resolved && event.time >= first.time)
      .reduce<(typeof events)[number] | null>(
        (earliest, event) =>
          earliest === null ||
          event.time < earliest.time ||
          (event.time === earliest.time && event.id < earliest.id)
            ? event
            : earliest,
        null,
      );
    const resolution = resolving?.time ?? null;
    const pick = (key: 'service' | 'environment' | 'artifact'): string | null =>
      detections.map((event) => event[key]).find((value) => value !== null) ?? null;
    incidents.push({
      id: subject,
      eventIds: detections.map((event) => event.id),
      service: pick('service'),
      environment: pick('environment'),
      artifact: pick('artifact'),
      detectedAt: first.time,
      resolvedAt: resolution,
      fixArtifact: resolving?.artifact ?? null,
      linkedDeployments: [...new Set(detections.flatMap((event) => event.linked))].sort(),
      rootCause: detections.map((event) => event.rootCause).find((value) => value !== null) ?? null,
    });
  }
  return incidents.sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1));
}

/** Ids one read of content links asks for at most. */
const READ_CHUNK = 4000;
/** Reads at once, and the ids from which a batch is split for them. */
const READ_PARALLEL = 2;
const PARALLEL_FROM = 64;

/**
 * The content links of the graph, read in batches and kept for one computation. The walks of many
 * deployments run at once: what they ask for in the same turn of the event loop is read in one
 * round trip, so a computation costs as many round trips as its deepest walk, not the sum of all.
 */
export class GraphContentSource implements ContentSource {
  private readonly nodes = new Map<string, ContentNode>();
  private readonly linksOf = new Map<string, ContentLink[]>();
  private readonly pending = new Set<string>();
  /** Ids asked for and not read yet, with the read that brings them. */
  private readonly requested = new Map<string, Promise<void>>();
  private flush: Promise<void> | null = null;
  private closed = false;
  /** Round trips so far. */
  reads = 0;

  constructor(
    private readonly graph: DoraGraph,
    private readonly timeoutMs: number,
  ) {}

  /** Ends the computation: walks still running fail at their next read instead of reading on. */
  close(): void {
    this.closed = true;
  }

  node(id: string): ContentNode | undefined {
    return this.nodes.get(id);
  }

  /** The node of `id`, made at its first sighting (links hold it; one object per event). */
  private remember(
    id: string,
    time: unknown,
    type: unknown,
    bug: unknown,
    review: unknown,
    placeholder: boolean,
  ): ContentNode {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = {
        id,
        time: placeholder ? null : ((time as number | null) ?? null),
        type: placeholder ? null : ((type as string | null) ?? null),
        bug: bug === true,
        opensReview: !placeholder && review === true,
      };
      this.nodes.set(id, node);
    }
    return node;
  }

  links(id: string): readonly ContentLink[] | undefined {
    return this.linksOf.get(id);
  }

  load(ids: readonly string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the DORA computation has ended'));
    const waits = new Set<Promise<void>>();
    for (const id of ids) {
      if (this.linksOf.has(id)) continue;
      let read = this.requested.get(id);
      if (read === undefined) {
        this.pending.add(id);
        // A new batch waits a turn of the event loop for the other walks to ask too.
        this.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.readPending());
        read = this.flush;
        this.requested.set(id, read);
      }
      waits.add(read);
    }
    return waits.size === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  private async readPending(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    this.flush = null;
    try {
      // In parts read at once: Neo4j runs each query on one core.
      const parts = Math.max(
        Math.ceil(ids.length / READ_CHUNK),
        ids.length >= PARALLEL_FROM ? READ_PARALLEL : 1,
      );
      const size = Math.ceil(ids.length / parts);
      const chunks: string[][] = [];
      for (let at = 0; at < ids.length; at += size) chunks.push(ids.slice(at, at + size));
      for (let at = 0; at < chunks.length; at += READ_PARALLEL)
        await Promise.all(chunks.slice(at, at + READ_PARALLEL).map((chunk) => this.read(chunk)));
    } finally {
      for (const id of ids) this.requested.delete(id);
    }
  }

  private async read(wanted: readonly string[]): Promise<void> {
    this.reads++;
    const records = await this.graph.read(
      'dora delta',
      async (tx) => (await tx.run(CONTENT_LINKS_CYPHER, { ids: wanted })).records,
      { timeoutMs: this.timeoutMs },
    );
    // Every event read has all its content links here; its targets are known, their links not yet.
    const found = new Map<string, ContentLink[]>();
    for (const record of records) {
      const source = this.remember(
        record.get('source') as string,
        record.get('time'),
        record.get('type'),
        record.get('bug'),
        record.get('review'),
        record.get('placeholder') as boolean,
      );
      const list = found.get(source.id) ?? [];
      found.set(source.id, list);
      const target = record.get('target') as string | null;
      if (target === null) continue;
      const node = this.remember(
        target,
        record.get('targetTime'),
        record.get('targetType'),
        record.get('targetBug'),
        record.get('targetReview'),
        record.get('targetPlaceholder') as boolean,
      );
      const type = record.get('link') as string;
      if (!list.some((link) => link.target.id === target && link.type === type))
        list.push({ target: node, type });
    }
    for (const [id, links] of found) if (!this.linksOf.has(id)) this.linksOf.set(id, links);
    for (const id of wanted) if (!this.linksOf.has(id)) this.linksOf.set(id, []);
  }
}
