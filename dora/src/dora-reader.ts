import type { GraphReader } from '@tracey/graph';

/** What the DORA keys need of the graph: its read surface's `read`. */
export type DoraGraph = Pick<GraphReader, 'read'>;
import type { ContentSource } from './change-delta.js';
import type { DoraConfig } from './dora-config.js';
import {
  ACTIVITY_DEPLOYMENTS_CYPHER,
  ACTIVITY_NAMES_CYPHER,
  CD_DEPLOYMENTS_CYPHER,
  CONTENT_LEVELS,
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

/**
 * Every deployment finished before `until`: CDEvents `service.*`, Eiffel artifact deployments and
 * runs of the activities the config's pattern names. Deployments without a service or environment
 * are left out (docs/dora.md#deployments).
 */
export async function readDeployments(
  graph: DoraGraph,
  config: DoraConfig,
  until: number,
  timeoutMs: number,
): Promise<DeploymentEvent[]> {
  return graph.read(
    'dora deployments',
    async (tx) => {
      const deployments: DeploymentEvent[] = [];
      for (const record of (await tx.run(CD_DEPLOYMENTS_CYPHER, { until })).records) {
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
      for (const record of (await tx.run(EIFFEL_DEPLOYMENTS_CYPHER, { until })).records) {
        const artifact = text(record.get('artifact'));
        const environment = text(record.get('environment'));
        if (artifact === null || environment === null) continue;
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
      const names = (await tx.run(ACTIVITY_NAMES_CYPHER)).records
        .map((record) => record.get('name') as unknown)
        .filter((name): name is string => typeof name === 'string' && config.deployActivity.test(name));
      if (names.length > 0) {
        for (const record of (await tx.run(ACTIVITY_DEPLOYMENTS_CYPHER, { until, names })).records) {
          const artifact = text(record.get('artifact'));
          const environment = eiffelCustom(parseJson(record.get('event')), 'environment');
          if (artifact === null || environment === null) continue;
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
    const resolution = events
      .filter((event) => event.resolved && event.time >= first.time)
      .reduce<number | null>(
        (earliest, event) => (earliest === null || event.time < earliest ? event.time : earliest),
        null,
      );
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
      linkedDeployments: [...new Set(detections.flatMap((event) => event.linked))].sort(),
      rootCause: detections.map((event) => event.rootCause).find((value) => value !== null) ?? null,
    });
  }
  return incidents.sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1));
}

/** The content links of the graph, read in batches and kept for one computation. */
export class GraphContentSource implements ContentSource {
  private readonly nodes = new Map<string, ContentNode>();
  private readonly linksOf = new Map<string, ContentLink[]>();
  /** Round trips so far. */
  reads = 0;

  constructor(
    private readonly graph: DoraGraph,
    private readonly timeoutMs: number,
  ) {}

  node(id: string): ContentNode | undefined {
    return this.nodes.get(id);
  }

  links(id: string): readonly ContentLink[] | undefined {
    return this.linksOf.get(id);
  }

  async load(ids: readonly string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.linksOf.has(id));
    if (wanted.length === 0) return;
    this.reads++;
    const records = await this.graph.read(
      'dora delta',
      async (tx) => (await tx.run(CONTENT_LINKS_CYPHER, { ids: wanted })).records,
      { timeoutMs: this.timeoutMs },
    );
    // Every node first (a link's source is a root or another row's target), then the links.
    const depth = new Map<string, number>();
    const found = new Map<string, ContentLink[]>();
    const remember = (
      id: string,
      time: unknown,
      type: unknown,
      bug: unknown,
      review: unknown,
      placeholder: boolean,
    ): ContentNode => {
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
    };
    for (const record of records) {
      const root = record.get('root') as string;
      remember(
        root,
        record.get('rootTime'),
        record.get('rootType'),
        record.get('rootBug'),
        record.get('rootReview'),
        false,
      );
      depth.set(root, 0);
      found.set(root, found.get(root) ?? []);
    }
    for (const record of records) {
      const target = record.get('target') as string | null;
      if (target === null) continue;
      const node = remember(
        target,
        record.get('targetTime'),
        record.get('targetType'),
        record.get('targetBug'),
        record.get('targetReview'),
        record.get('placeholder') as boolean,
      );
      const level = (record.get('level') as number) + 1;
      depth.set(target, Math.min(depth.get(target) ?? level, level));
      const source = record.get('source') as string;
      const type = record.get('link') as string;
      const list = found.get(source) ?? [];
      if (!list.some((link) => link.target.id === target && link.type === type))
        list.push({ target: node, type });
      found.set(source, list);
    }
    // A node above the deepest level has all its links here; the others are read when reached.
    for (const [id, level] of depth) {
      if (level < CONTENT_LEVELS && !this.linksOf.has(id)) this.linksOf.set(id, found.get(id) ?? []);
    }
    for (const id of wanted) if (!this.linksOf.has(id)) this.linksOf.set(id, []);
  }
}
