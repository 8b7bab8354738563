// The trace reports and lead-time statistics computed from the input JSON alone, no database and
// none of the API's code: what the API's answers are checked against.

/** An input event with the members the reports read. */
export interface RawEvent {
  readonly meta: { readonly id: string; readonly type: string; readonly time: number };
  readonly data: Readonly<Record<string, unknown>>;
  readonly links: readonly { readonly type: string; readonly target: string }[];
}

export type RawEvents = ReadonlyMap<string, RawEvent>;

/** Link types that say "is made of", as the test oracles read them (not the API's list). */
export const CONTENT = [
  'ARTIFACT',
  'BASE',
  'CHANGE',
  'COMPOSITION',
  'ELEMENT',
  'REUSED_ARTIFACT',
  'RUNTIME_ENVIRONMENT',
  'SUBJECT',
];
/** Links from a change to the work items it resolves. */
export const ISSUE = ['PARTIALLY_RESOLVED_ISSUE', 'RESOLVED_ISSUE'];
const HISTORY = ['BASE', 'PREVIOUS_VERSION'];

/** The raw events by id, first occurrence wins (as in the graph). */
export function rawEvents(raw: readonly unknown[]): Map<string, RawEvent> {
  const events = new Map<string, RawEvent>();
  for (const item of raw as RawEvent[]) {
    if (!events.has(item.meta.id)) events.set(item.meta.id, { ...item, links: item.links ?? [] });
  }
  return events;
}

/** Breadth-first depths from `start` (left out) along links whose type `follow` accepts. */
function reach(
  events: RawEvents,
  start: string,
  direction: 'down' | 'up',
  follow: (type: string) => boolean,
): Map<string, number> {
  const incoming = new Map<string, { source: string; type: string }[]>();
  if (direction === 'up') {
    for (const event of events.values()) {
      for (const link of event.links) {
        // Appended in place: a hot node has tens of thousands of incoming links.
        const list = incoming.get(link.target) ?? [];
        list.push({ source: event.meta.id, type: link.type });
        incoming.set(link.target, list);
      }
    }
  }
  const depths = new Map([[start, 0]]);
  let frontier = [start];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      const neighbours =
        direction === 'down'
          ? (events.get(id)?.links ?? []).filter((l) => follow(l.type)).map((l) => l.target)
          : (incoming.get(id) ?? []).filter((l) => follow(l.type)).map((l) => l.source);
      for (const other of neighbours) {
        if (depths.has(other)) continue;
        depths.set(other, depth);
        next.push(other);
      }
    }
    frontier = next;
  }
  depths.delete(start);
  return depths;
}

/** Contents groups as `id` lists (sorted), depths, and work-item resolutions as `issue|change|relation`. */
export interface ExpectedContents {
  readonly depths: Map<string, number>;
  readonly sourceChanges: string[];
  readonly artifacts: string[];
  readonly thirdPartyComponents: string[];
  readonly compositions: string[];
  readonly otherEvents: string[];
  readonly missing: string[];
  readonly resolutions: string[];
}

export function expectedContents(events: RawEvents, start: string): ExpectedContents {
  const depths = reach(events, start, 'down', (type) => CONTENT.includes(type));
  const groups: Omit<ExpectedContents, 'depths'> = {
    sourceChanges: [],
    artifacts: [],
    thirdPartyComponents: [],
    compositions: [],
    otherEvents: [],
    missing: [],
    resolutions: [],
  };
  for (const id of depths.keys()) {
    const event = events.get(id);
    const type = event?.meta.type;
    if (event === undefined) groups.missing.push(id);
    else if (type === 'EiffelSourceChangeCreatedEvent' || type === 'EiffelSourceChangeSubmittedEvent') {
      groups.sourceChanges.push(id);
      if (type === 'EiffelSourceChangeCreatedEvent') {
        for (const link of event.links.filter((l) => ISSUE.includes(l.type))) {
          groups.resolutions.push(`${link.target}|${id}|${link.type}`);
        }
        for (const issue of (event.data['issues'] ?? []) as {
          id: string;
          tracker: string;
          transition: string;
        }[]) {
          const relation = { RESOLVED: 'RESOLVED_ISSUE', PARTIAL: 'PARTIALLY_RESOLVED_ISSUE' }[
            issue.transition
          ];
          if (relation !== undefined)
            groups.resolutions.push(`${issue.tracker}/${issue.id}|${id}|${relation}`);
        }
      }
    } else if (type === 'EiffelArtifactCreatedEvent') {
      const made = event.links.some((l) => ['CAUSE', 'CONTEXT', 'COMPOSITION'].includes(l.type));
      (made ? groups.artifacts : groups.thirdPartyComponents).push(id);
    } else if (type === 'EiffelCompositionDefinedEvent') groups.compositions.push(id);
    else groups.otherEvents.push(id);
  }
  for (const list of Object.values(groups)) list.sort();
  return { depths, ...groups };
}

/** Release groups as sorted `id` lists, with depths. */
export interface ExpectedReleases {
  readonly depths: Map<string, number>;
  readonly compositions: string[];
  readonly artifacts: string[];
  readonly publications: string[];
  readonly confidenceLevels: string[];
  readonly deployments: string[];
  readonly otherEvents: string[];
}

export function expectedReleases(events: RawEvents, start: string): ExpectedReleases {
  const depths = reach(events, start, 'up', (type) => CONTENT.includes(type) || ISSUE.includes(type));
  const byType: Record<string, keyof Omit<ExpectedReleases, 'depths'>> = {
    EiffelCompositionDefinedEvent: 'compositions',
    EiffelArtifactCreatedEvent: 'artifacts',
    EiffelArtifactPublishedEvent: 'publications',
    EiffelConfidenceLevelModifiedEvent: 'confidenceLevels',
    EiffelArtifactDeployedEvent: 'deployments',
    EiffelEnvironmentDefinedEvent: 'deployments',
  };
  const groups: Omit<ExpectedReleases, 'depths'> = {
    compositions: [],
    artifacts: [],
    publications: [],
    confidenceLevels: [],
    deployments: [],
    otherEvents: [],
  };
  for (const id of depths.keys()) {
    const type = events.get(id)?.meta.type ?? '';
    groups[byType[type] ?? 'otherEvents'].push(id);
  }
  // Activities caused by anything reached whose name says deploy.
  for (const event of events.values()) {
    const name = typeof event.data['name'] === 'string' ? event.data['name'].toLowerCase() : '';
    if (event.meta.type !== 'EiffelActivityTriggeredEvent' || !name.includes('deploy')) continue;
    if (event.links.some((l) => l.type === 'CAUSE' && depths.has(l.target)))
      groups.deployments.push(event.meta.id);
  }
  for (const list of Object.values(groups)) list.sort();
  return { depths, ...groups };
}

/** One event kind: type and property filters, on the input's `data`. */
export interface Kind {
  readonly type: string;
  /** Top-level `data` members and the values they must have. */
  readonly data?: Readonly<Record<string, string>>;
  /** Any other condition on `data`, read straight from the event. */
  readonly where?: (data: Readonly<Record<string, unknown>>) => boolean;
}

function matches(event: RawEvent, kind: Kind): boolean {
  return (
    event.meta.type === kind.type &&
    Object.entries(kind.data ?? {}).every(([key, value]) => event.data[key] === value) &&
    (kind.where === undefined || kind.where(event.data))
  );
}

/** For each `to` event in `[since, until)`, `to.time − earliest upstream from.time`; and the unmatched count. */
export function expectedLeadTimes(
  events: RawEvents,
  from: Kind,
  to: Kind,
  since = -Infinity,
  until = Infinity,
): { leads: { toTime: number; lead: number }[]; unmatched: number } {
  const leads: { toTime: number; lead: number }[] = [];
  let unmatched = 0;
  for (const event of events.values()) {
    if (!matches(event, to) || event.meta.time < since || event.meta.time >= until) continue;
    const upstream = reach(events, event.meta.id, 'down', (type) => !HISTORY.includes(type));
    let earliest: RawEvent | undefined;
    for (const id of upstream.keys()) {
      const candidate = events.get(id);
      if (candidate === undefined || !matches(candidate, from)) continue;
      if (
        earliest === undefined ||
        candidate.meta.time < earliest.meta.time ||
        (candidate.meta.time === earliest.meta.time && candidate.meta.id < earliest.meta.id)
      )
        earliest = candidate;
    }
    if (earliest === undefined) unmatched++;
    else leads.push({ toTime: event.meta.time, lead: event.meta.time - earliest.meta.time });
  }
  return { leads, unmatched };
}

/** Nearest-rank statistics, written out independently of the API's. */
export function expectedStats(values: readonly number[]): Record<string, number | null> {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, min: null, p50: null, p90: null, p99: null, max: null, mean: null };
  const pick = (p: number) => sorted[Math.ceil((p * n) / 100) - 1] ?? null;
  return {
    count: n,
    min: sorted[0] ?? null,
    p50: pick(50),
    p90: pick(90),
    p99: pick(99),
    max: sorted[n - 1] ?? null,
    mean: Math.round(sorted.reduce((a, b) => a + b, 0) / n),
  };
}
