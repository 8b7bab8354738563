// An independent computation of the DORA keys over the generated events (plain TypeScript over
// the JSON, no Cypher, none of @tracey/dora's code): full reachability sets instead of a walk,
// the links derived from content re-derived from the fields docs/graph-model.md names, and the
// definitions of docs/dora.md written out again.

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   the oracle reads the events as the JSON they are, on purpose without the package's typed model */
type Json = Record<string, any>;

const DAY = 86_400_000;
const CONTENT = new Set([
  'ARTIFACT',
  'BASE',
  'CHANGE',
  'COMPOSITION',
  'ELEMENT',
  'REUSED_ARTIFACT',
  'RUNTIME_ENVIRONMENT',
  'SAME_CHANGE',
  'SUBJECT',
]);

export interface OracleQuery {
  since: number;
  until: number;
  service?: string;
  environment?: string;
  services?: readonly string[];
  groupBy?: 'day' | 'week' | 'month' | 'year';
  /** Delivery to a change's first deployment anywhere (of its service), then release to this one. */
  releaseStage?: boolean;
}

interface Node {
  id: string;
  type: string;
  time: number;
  raw: Json;
}

interface Deployment {
  id: string;
  rollback: boolean;
  service: string;
  environment: string;
  artifact: string | null;
  time: number;
  outcome: 'success' | 'failure';
  from: string | null;
}

export class DoraOracle {
  private readonly nodes = new Map<string, Node>();
  private readonly edges = new Map<string, { to: string; type: string }[]>();
  private readonly reachMemo = new Map<string, Set<string>>();

  constructor(events: readonly unknown[]) {
    for (const event of events as Json[]) {
      const node: Node =
        event['meta'] !== undefined
          ? { id: event['meta'].id, type: event['meta'].type, time: event['meta'].time, raw: event }
          : {
              id: event['context'].id,
              type: event['context'].type,
              time: Date.parse(event['context'].timestamp),
              raw: event,
            };
      this.nodes.set(node.id, node);
    }
    const add = (from: string, to: string, type: string): void => {
      if (!CONTENT.has(type)) return;
      const list = this.edges.get(from) ?? [];
      if (!list.some((edge) => edge.to === to && edge.type === type)) list.push({ to, type });
      this.edges.set(from, list);
    };
    const byPurl = new Map<string, string[]>();
    const byChange = new Map<string, Node[]>();
    const byCommit = new Map<string, string[]>();
    const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
      map.set(key, [...(map.get(key) ?? []), value]);
    };
    for (const node of this.nodes.values()) {
      const raw = node.raw;
      if (node.type === 'EiffelArtifactCreatedEvent') push(byPurl, raw['data'].identity, node.id);
      if (/^dev\.cdevents\.artifact\.(packaged|published)\./.test(node.type))
        push(byPurl, raw['subject'].id, node.id);
      if (/^dev\.cdevents\.change\./.test(node.type)) push(byChange, raw['subject'].id, node);
      if (node.type === 'EiffelSourceChangeSubmittedEvent')
        push(byCommit, raw['data'].gitIdentifier.commitId.toLowerCase(), node.id);
    }
    for (const node of this.nodes.values()) {
      const raw = node.raw;
      for (const link of raw['links'] ?? []) add(node.id, link.target, link.type);
      if (
        /^dev\.cdevents\.(service|incident)\./.test(node.type) &&
        raw['subject'].content.artifactId !== undefined
      ) {
        for (const target of byPurl.get(raw['subject'].content.artifactId) ?? [])
          add(node.id, target, 'ARTIFACT');
      }
      if (
        /^dev\.cdevents\.artifact\.packaged\./.test(node.type) &&
        raw['subject'].content.change !== undefined
      ) {
        for (const target of byChange.get(raw['subject'].content.change.id) ?? [])
          add(node.id, target.id, 'CHANGE');
      }
      if (/^dev\.cdevents\.change\.merged\./.test(node.type)) {
        for (const target of byChange.get(raw['subject'].id) ?? []) {
          if (/\.(created|updated)\./.test(target.type)) add(node.id, target.id, 'CHANGE');
        }
        const commit = raw['customData']?.commitId;
        if (typeof commit === 'string')
          for (const target of byCommit.get(commit.toLowerCase()) ?? []) add(node.id, target, 'SAME_CHANGE');
      }
    }
  }

  private reach(from: string): Set<string> {
    const memo = this.reachMemo.get(from);
    if (memo !== undefined) return memo;
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      for (const edge of this.edges.get(stack.pop() as string) ?? []) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          stack.push(edge.to);
        }
      }
    }
    this.reachMemo.set(from, seen);
    return seen;
  }

  private deployments(until: number): Deployment[] {
    const list: Deployment[] = [];
    const finished = new Map<string, Node>();
    for (const node of this.nodes.values()) {
      if (node.type === 'EiffelActivityFinishedEvent') {
        const link = (node.raw['links'] as Json[]).find((l) => l['type'] === 'ACTIVITY_EXECUTION');
        if (link !== undefined) finished.set(link['target'], node);
      }
    }
    for (const node of this.nodes.values()) {
      const raw = node.raw;
      const m = /^dev\.cdevents\.service\.(deployed|upgraded|rolledback)\./.exec(node.type);
      if (m !== null && node.time < until) {
        list.push({
          id: node.id,
          rollback: m[1] === 'rolledback',
          service: raw['subject'].id,
          environment: raw['subject'].content.environment.id,
          artifact: raw['subject'].content.artifactId ?? null,
          time: node.time,
          outcome:
            String(raw['customData']?.outcome ?? '').toLowerCase() === 'failure' ? 'failure' : 'success',
          from: node.id,
        });
      }
      if (node.type === 'EiffelArtifactDeployedEvent' && node.time < until) {
        const artifact = this.nodes.get(
          (raw['links'] as Json[]).find((l) => l['type'] === 'ARTIFACT')?.['target'],
        );
        const environment = this.nodes.get(
          (raw['links'] as Json[]).find((l) => l['type'] === 'ENVIRONMENT')?.['target'],
        );
        if (artifact === undefined || environment === undefined) continue;
        const purl: string = artifact.raw['data'].identity;
        list.push({
          id: node.id,
          rollback: false,
          service: purl.split('@')[0] as string,
          environment: environment.raw['data'].name,
          artifact: purl,
          time: node.time,
          outcome: 'success',
          from: node.id,
        });
      }
      if (node.type === 'EiffelActivityTriggeredEvent' && /deploy/i.test(raw['data'].name)) {
        const end = finished.get(node.id);
        if (end === undefined || end.time >= until) continue;
        const artifacts = (raw['links'] as Json[])
          .filter((l) => l['type'] === 'CAUSE')
          .map((l) => this.nodes.get(l['target']))
          .filter((n): n is Node => n?.type === 'EiffelArtifactCreatedEvent')
          .sort((a, b) => b.time - a.time);
        const environment = (raw['data'].customData ?? []).find(
          (c: Json) => c['key'] === 'environment',
        )?.value;
        const artifact = artifacts[0];
        if (artifact === undefined || environment === undefined) continue;
        const purl: string = artifact.raw['data'].identity;
        list.push({
          id: node.id,
          rollback: false,
          service: purl.split('@')[0] as string,
          environment,
          artifact: purl,
          time: end.time,
          outcome: end.raw['data'].outcome.conclusion === 'SUCCESSFUL' ? 'success' : 'failure',
          from: artifact.id,
        });
      }
    }
    return list.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  }

  private isChange(node: Node | undefined): node is Node {
    return (
      node !== undefined &&
      (node.type === 'EiffelSourceChangeSubmittedEvent' ||
        node.type === 'EiffelSourceChangeCreatedEvent' ||
        node.type.startsWith('dev.cdevents.change.'))
    );
  }

  /** The changes (grouped by CHANGE / SAME_CHANGE among themselves) of a set of events. */
  private changesOf(events: ReadonlySet<string>): {
    id: string;
    time: number;
    bug: boolean;
    members: string[];
    reviewAt: number | null;
    mergedAt: number | null;
  }[] {
    const members = [...events].map((id) => this.nodes.get(id)).filter((n): n is Node => this.isChange(n));
    const inSet = new Set(members.map((n) => n.id));
    const groups: Node[][] = [];
    const done = new Set<string>();
    const neighbours = new Map<string, string[]>();
    for (const n of members) {
      for (const edge of this.edges.get(n.id) ?? []) {
        if ((edge.type === 'CHANGE' || edge.type === 'SAME_CHANGE') && inSet.has(edge.to)) {
          neighbours.set(n.id, [...(neighbours.get(n.id) ?? []), edge.to]);
          neighbours.set(edge.to, [...(neighbours.get(edge.to) ?? []), n.id]);
        }
      }
    }
    for (const n of members) {
      if (done.has(n.id)) continue;
      const group: Node[] = [];
      const stack = [n.id];
      done.add(n.id);
      while (stack.length > 0) {
        const id = stack.pop() as string;
        group.push(this.nodes.get(id) as Node);
        for (const next of neighbours.get(id) ?? []) {
          if (!done.has(next)) {
            done.add(next);
            stack.push(next);
          }
        }
      }
      groups.push(group);
    }
    return groups.map((group) => {
      const newest = [...group].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1))[0] as Node;
      const earliest = (nodes: Node[]): number | null =>
        nodes.length === 0 ? null : Math.min(...nodes.map((n) => n.time));
      return {
        id: newest.id,
        time: Math.min(...group.map((n) => n.time)),
        // Opened for review: a pull request's creation (a change.created naming no commit of its own).
        reviewAt: earliest(
          group.filter(
            (n) =>
              /^dev\.cdevents\.change\.created\./.test(n.type) && n.raw['customData']?.commitId === undefined,
          ),
        ),
        mergedAt: earliest(
          group.filter(
            (n) =>
              /^dev\.cdevents\.change\.merged\./.test(n.type) ||
              n.type === 'EiffelSourceChangeSubmittedEvent',
          ),
        ),
        members: group.map((n) => n.id).sort(),
        bug: group.some((n) =>
          ((n.raw['links'] ?? []) as Json[]).some(
            (l) =>
              /RESOLVED_ISSUE$/.test(l['type']) && this.nodes.get(l['target'])?.raw['data']?.type === 'BUG',
          ),
        ),
      };
    });
  }

  compute(query: OracleQuery, seedWindowMs = 30 * DAY, incidentWindowMs = 7 * DAY) {
    const all = this.deployments(query.until);
    const byId = new Map(all.map((d) => [d.id, d]));
    const key = (d: Deployment) => `${d.service}|${d.environment}`;
    const previous = new Map<string, Deployment | null>();
    const rolledBackBy = new Map<string, string>();
    const good = new Map<string, Deployment>();
    all.forEach((d, index) => {
      const prev = good.get(key(d)) ?? null;
      previous.set(d.id, prev);
      // Back to an artifact an earlier successful deployment here ran, not the running one.
      const earlier = all.slice(0, index).filter((e) => key(e) === key(d) && e.outcome === 'success');
      if (
        !d.rollback &&
        d.artifact !== null &&
        prev !== null &&
        prev.artifact !== d.artifact &&
        earlier.some((e) => e.artifact === d.artifact)
      )
        d.rollback = true;
      if (d.rollback && prev !== null) rolledBackBy.set(prev.id, d.id);
      if (d.outcome === 'success') good.set(key(d), d);
    });
    // Incidents.
    const subjects = new Map<string, Node[]>();
    for (const node of this.nodes.values()) {
      if (/^dev\.cdevents\.incident\./.test(node.type))
        subjects.set(node.raw['subject'].id, [...(subjects.get(node.raw['subject'].id) ?? []), node]);
    }
    // Fixes: of every incident (any time) resolved by an event naming an artifact, the latest
    // successful deployment of that artifact (to the incident's environment, when it names one)
    // from its detection to its resolution.
    const fixes = new Set<string>();
    for (const events of subjects.values()) {
      const detected = events.filter((e) => !/\.resolved\./.test(e.type));
      if (detected.length === 0) continue;
      const at = Math.min(...detected.map((e) => e.time));
      const resolving = events
        .filter((e) => /\.resolved\./.test(e.type) && e.time >= at)
        .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))[0];
      const fixArtifact: string | undefined = resolving?.raw['subject'].content.artifactId;
      if (resolving === undefined || fixArtifact === undefined) continue;
      const environment: string | undefined = detected
        .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
        .map((e) => e.raw['subject'].content.environment?.id)
        .find((v) => v !== undefined);
      const candidates = all.filter(
        (d) =>
          d.outcome === 'success' &&
          d.artifact === fixArtifact &&
          (environment === undefined || d.environment === environment) &&
          d.time >= at &&
          d.time <= resolving.time,
      );
      const fix = candidates.reduce<Deployment | null>(
        (best, d) =>
          best === null || d.time > best.time || (d.time === best.time && d.id > best.id) ? d : best,
        null,
      );
      if (fix !== null) fixes.add(fix.id);
    }
    const incidents: Json[] = [];
    const incidentsOf = new Map<string, string[]>();
    for (const [subject, events] of subjects) {
      const detections = events
        .filter((e) => !/\.resolved\./.test(e.type))
        .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
      const first = detections[0];
      if (first === undefined || first.time < query.since || first.time >= query.until) continue;
      const resolves = events
        .filter((e) => /\.resolved\./.test(e.type) && e.time >= first.time)
        .map((e) => e.time);
      const resolvedAt = resolves.length === 0 ? null : Math.min(...resolves);
      const content = (field: string) =>
        detections.map((e) => e.raw['subject'].content[field]).find((v) => v !== undefined);
      const service: string | null = content('service')?.id ?? null;
      const environment: string | null = content('environment')?.id ?? null;
      const artifact: string | null = content('artifactId') ?? null;
      const latestOf = (ds: Deployment[]) =>
        ds.reduce<Deployment | null>(
          (best, d) =>
            best === null || d.time > best.time || (d.time === best.time && d.id > best.id) ? d : best,
          null,
        );
      const linked = detections
        .flatMap((e) =>
          (e.raw['context'].links ?? []).map((l: Json) => l['target']?.contextId ?? l['from']?.contextId),
        )
        .filter((id: string | undefined) => id !== undefined && byId.has(id));
      let cause: Deployment | null = latestOf(linked.map((id: string) => byId.get(id) as Deployment));
      let method = cause === null ? 'none' : 'explicit';
      const ok = all.filter((d) => d.outcome === 'success' && d.time <= first.time);
      if (cause === null && artifact !== null) {
        cause = latestOf(
          ok.filter(
            (d) => d.artifact === artifact && (environment === null || d.environment === environment),
          ),
        );
        if (cause !== null) method = 'artifact';
      }
      if (cause === null && service !== null && environment !== null) {
        cause = latestOf(
          ok.filter(
            (d) =>
              d.service === service &&
              d.environment === environment &&
              d.time >= first.time - incidentWindowMs,
          ),
        );
        if (cause !== null) method = 'window';
      }
      if (cause !== null) incidentsOf.set(cause.id, [...(incidentsOf.get(cause.id) ?? []), subject]);
      incidents.push({
        id: subject,
        eventIds: detections.map((e) => e.id),
        service: service ?? cause?.service ?? null,
        environment: environment ?? cause?.environment ?? null,
        artifact,
        detectedAt: first.time,
        resolvedAt,
        cause: { deploymentId: cause?.id ?? null, method },
        recoveryMs: resolvedAt === null ? null : resolvedAt - first.time,
        fromDeploymentMs: resolvedAt === null || cause === null ? null : resolvedAt - cause.time,
      });
    }
    incidents.sort((a, b) => a['detectedAt'] - b['detectedAt'] || (a['id'] < b['id'] ? -1 : 1));

    const inScope = (service: string | null, environment: string | null, anyEnvironment = false) =>
      (query.service === undefined || service === query.service) &&
      (query.services === undefined || (service !== null && query.services.includes(service))) &&
      (anyEnvironment ||
        (query.environment === undefined
          ? environment !== null && /^(prod|production)$/i.test(environment)
          : environment === query.environment));
    // A deployment's changes: what it reaches and the previous successful one of its service and
    // environment does not; a first deployment's, those of the seed window.
    const changesFor = (d: Deployment) => {
      const prev = previous.get(d.id) ?? null;
      const seed = prev === null || prev.from === null;
      if (d.from === null) return [];
      const mine = this.reach(d.from);
      const theirs = seed ? new Set<string>() : this.reach(prev.from as string);
      const changes = this.changesOf(new Set([...mine].filter((id) => !theirs.has(id))));
      return seed ? changes.filter((c) => c.time >= d.time - seedWindowMs) : changes;
    };
    // The first deployment anywhere of each event, per service: the earliest successful deployment
    // (any environment, any time) whose changes hold it.
    const firstAnywhere = new Map<string, number>();
    if (query.releaseStage === true) {
      for (const d of all) {
        if (d.outcome !== 'success' || !inScope(d.service, d.environment, true)) continue;
        for (const c of changesFor(d))
          for (const id of c.members) {
            const at = firstAnywhere.get(`${d.service}|${id}`);
            if (at === undefined || d.time < at) firstAnywhere.set(`${d.service}|${id}`, d.time);
          }
      }
    }
    const delivered = new Set<string>();
    const deployments = all
      .filter((d) => d.time >= query.since && inScope(d.service, d.environment))
      .map((d) => {
        const prev = previous.get(d.id) ?? null;
        const seed = prev === null || prev.from === null;
        const changes = changesFor(d);
        changes.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
        const rolledBack = rolledBackBy.get(d.id) ?? null;
        const caused = incidentsOf.get(d.id) ?? [];
        const counts = d.outcome === 'success' && rolledBack === null;
        return {
          id: d.id,
          rollback: d.rollback,
          service: d.service,
          environment: d.environment,
          artifact: d.artifact,
          time: d.time,
          outcome: d.outcome,
          rolledBackBy: rolledBack,
          incidents: caused,
          failed: d.outcome === 'failure' || rolledBack !== null || caused.length > 0,
          rework: d.rollback || fixes.has(d.id) || changes.some((c) => c.bug),
          previousDeploymentId: prev?.id ?? null,
          seed,
          changes: changes.map((c) => {
            const counted = counts && !delivered.has(c.id);
            if (counted) delivered.add(c.id);
            const { reviewAt, mergedAt } = c;
            const first = Math.min(
              d.time,
              ...c.members.map((id) => firstAnywhere.get(`${d.service}|${id}`) ?? d.time),
            );
            return {
              id: c.id,
              eventIds: c.members,
              time: c.time,
              leadTimeMs: d.time - c.time,
              counted,
              stages: {
                codingMs: reviewAt === null ? null : reviewAt - c.time,
                reviewMs: reviewAt === null || mergedAt === null ? null : mergedAt - reviewAt,
                deliveryMs: mergedAt === null ? null : first - mergedAt,
                releaseMs: query.releaseStage === true ? d.time - first : null,
              },
            };
          }),
        };
      });
    const scopedIncidents = incidents.filter((i) => inScope(i['service'], i['environment']));
    const keys = (from: number, to: number) => {
      const ds = deployments.filter((d) => d.time >= from && d.time < to);
      const is = scopedIncidents.filter((i) => i['detectedAt'] >= from && i['detectedAt'] < to);
      return oracleKeys(
        from,
        to,
        ds,
        ds.flatMap((d) => d.changes.filter((c) => c.counted).map((c) => c.leadTimeMs)),
        is.flatMap((i) => (i['recoveryMs'] === null ? [] : [i['recoveryMs']])),
        is.flatMap((i) => (i['fromDeploymentMs'] === null ? [] : [i['fromDeploymentMs']])),
      );
    };
    const groups: { period: string; keys: Json }[] = [];
    if (query.groupBy !== undefined) {
      for (
        let start = periodStart(query.since, query.groupBy);
        start < query.until;
        start = nextStart(start, query.groupBy)
      ) {
        groups.push({
          period: new Date(start).toISOString().slice(0, 10),
          keys: keys(Math.max(start, query.since), Math.min(nextStart(start, query.groupBy), query.until)),
        });
      }
    }
    return { keys: keys(query.since, query.until), groups, deployments, incidents: scopedIncidents, fixes };
  }
}

function periodStart(time: number, period: string): number {
  const d = new Date(time);
  if (period === 'year') return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return period === 'day' ? day : day - ((d.getUTCDay() + 6) % 7) * DAY;
}

function nextStart(start: number, period: string): number {
  const d = new Date(start);
  if (period === 'year') return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return start + (period === 'day' ? 1 : 7) * DAY;
}

/** Nearest rank: the value at position ceil(p·n) of the sorted values. */
function rank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] as number;
}

const durations = (values: number[]) => ({
  sample: values.length,
  medianMs: rank(values, 0.5),
  p75Ms: rank(values, 0.75),
  p90Ms: rank(values, 0.9),
});

// docs/dora.md#tiers, written out again.
function tier(value: number | null, bounds: number[], better: 'more' | 'less' | 'atMost'): string | null {
  if (value === null) return null;
  const names = ['elite', 'high', 'medium'];
  for (let i = 0; i < 3; i++) {
    const b = bounds[i] as number;
    if (better === 'more' ? value >= b : better === 'less' ? value < b : value <= b)
      return names[i] as string;
  }
  return 'low';
}
const H = 3_600_000;

function oracleKeys(
  from: number,
  to: number,
  ds: { time: number; outcome: string; failed: boolean; rework: boolean }[],
  lead: number[],
  recovery: number[],
  fromDeployment: number[],
) {
  const days = (to - from) / DAY;
  const ok = ds.filter((d) => d.outcome === 'success');
  const deploymentDays = new Set(ok.map((d) => Math.floor(d.time / DAY))).size;
  const perDay = days > 0 ? ok.length / days : 0;
  const failed = ds.filter((d) => d.failed).length;
  const rework = ds.filter((d) => d.rework).length;
  const cfr = ds.length === 0 ? null : failed / ds.length;
  const l = durations(lead);
  const r = durations(recovery);
  const df = ds.length === 0 ? null : perDay;
  return {
    deploymentFrequency: {
      value: days > 0 ? deploymentDays / (days / 7) : 0,
      sample: ds.length,
      deployments: ds.length,
      successful: ok.length,
      deploymentDays,
      perDay,
      days,
      tier2023: tier(df, [1, 1 / 7, 1 / 30], 'more'),
      tier2021: tier(df, [1, 1 / 30, 1 / 182], 'more'),
    },
    leadTime: {
      value: l.medianMs,
      ...l,
      tier2023: tier(l.medianMs, [24 * H, 7 * 24 * H, 30 * 24 * H], 'less'),
      tier2021: tier(l.medianMs, [H, 7 * 24 * H, 182 * 24 * H], 'less'),
    },
    changeFailureRate: {
      value: cfr,
      sample: ds.length,
      failed,
      deployments: ds.length,
      tier2023: tier(cfr, [0.05, 0.1, 0.15], 'atMost'),
      tier2021: tier(cfr, [0.15, 0.2, 0.3], 'atMost'),
    },
    recoveryTime: {
      value: r.medianMs,
      ...r,
      fromDeployment: durations(fromDeployment),
      tier2023: tier(r.medianMs, [H, 24 * H, 7 * 24 * H], 'less'),
      tier2021: tier(r.medianMs, [H, 24 * H, 7 * 24 * H], 'less'),
    },
    reworkRate: {
      value: ds.length === 0 ? null : rework / ds.length,
      sample: ds.length,
      rework,
      deployments: ds.length,
    },
  };
}
