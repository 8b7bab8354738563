import type { CloudEventInput, CloudEventMapper, MappingResult } from '../cloud-event-mapper.js';
import { refuse } from '../cloud-event-mapper.js';
import { cloudEventDataObject, isJsonObject } from '../internal/cloud-event-data.js';
import { at, forgeResult, PayloadReader, type ForgeEvent, type Json } from '../internal/webhook-payload.js';

// Jira webhooks as CloudEvents of type `com.atlassian.jira.<webhookEvent>` (`jira:` dropped) whose
// data is the payload (issue 19): an issue created is a work item defined, a transition into an
// "in progress" status is work started on it (where fast-track starts lead time), a resolution is
// the work item closed. Ids come from the issue's key and Jira's changelog ids, so a redelivered
// webhook maps to the same events. Commits and pull requests that name the key link to them
// (docs/graph-model.md, `WORK_ITEM`).

/** The CloudEvent type prefix of Jira webhooks: `com.atlassian.jira.issue_created`. */
export const JIRA_TYPE_PREFIX = 'com.atlassian.jira.';

const NAME = 'jira';
const CD = 'dev.cdevents';

export interface JiraMapperOptions {
  /** Statuses whose entering starts work on an issue, compared without case. Default `In Progress`. */
  readonly inProgressStatuses?: readonly string[];
}

// Jira writes `2025-06-02T10:15:30.123+0200`: an offset without a colon.
const JIRA_TIME = /^(.*T[\d:.]+)([+-]\d{2})(\d{2})$/;

/** A Jira time (or epoch milliseconds) as RFC 3339 in UTC, or `undefined` when it is none. */
export function jiraTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value !== 'string' || value === '') return undefined;
  const spaced = JIRA_TIME.exec(value);
  const ms = Date.parse(spaced ? `${spaced[1]}${spaced[2]}:${spaced[3]}` : value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

class Reader extends PayloadReader {
  /** A required time field, as RFC 3339. */
  time(path: string): string {
    const value = jiraTime(at(this.payload, path));
    if (value === undefined) this.missing ??= path;
    return value ?? '';
  }
}

// CDEvents' ticket types; Jira's other issue types keep their own name, in lower case.
const TICKET_TYPES: Readonly<Record<string, string>> = {
  bug: 'bug',
  story: 'enhancement',
  improvement: 'enhancement',
  'new feature': 'enhancement',
  epic: 'enhancement',
  task: 'task',
  'sub-task': 'task',
  subtask: 'task',
  incident: 'incident',
  question: 'question',
};

// CDEvents' resolutions; Jira's others keep their own name.
const RESOLUTIONS: Readonly<Record<string, string>> = {
  done: 'completed',
  fixed: 'completed',
  resolved: 'completed',
  "won't do": 'withdrawn',
  "won't fix": 'withdrawn',
  'cannot reproduce': 'withdrawn',
  declined: 'withdrawn',
  duplicate: 'duplicate',
};

const person = (read: Reader, path: string): string | undefined =>
  read.optional(`${path}.displayName`) ??
  read.optional(`${path}.emailAddress`) ??
  read.optional(`${path}.accountId`) ??
  read.optional(`${path}.name`);

/** The issue's web address (`<site>/browse/<key>`) and site, from its REST `self`. */
function issueAddress(read: Reader): { site: string; uri: string; key: string } {
  const key = read.text('issue.key');
  const self = read.text('issue.self');
  let site = '';
  try {
    // Jira Server may live under a context path: keep what comes before `/rest/`.
    const url = new URL(self);
    site = `${url.origin}${url.pathname.split('/rest/')[0] ?? ''}`.replace(/\/$/, '');
  } catch {
    if (self !== '') read.missing ??= 'issue.self';
  }
  return { site, key, uri: `${site}/browse/${key}` };
}

/** What every ticket event says of the issue, as CDEvents ticket content. */
function ticketContent(read: Reader, uri: string): Json {
  const type = read.optional('issue.fields.issuetype.name');
  const labels = at(read.payload, 'issue.fields.labels');
  const assignee = person(read, 'issue.fields.assignee');
  const content: Json = { uri };
  const summary = read.optional('issue.fields.summary');
  if (summary !== undefined) content['summary'] = summary;
  if (type !== undefined) content['ticketType'] = TICKET_TYPES[type.toLowerCase()] ?? type.toLowerCase();
  const project = read.optional('issue.fields.project.key');
  if (project !== undefined) content['group'] = project;
  if (assignee !== undefined) content['assignees'] = [assignee];
  const priority = read.optional('issue.fields.priority.name');
  if (priority !== undefined) content['priority'] = priority.toLowerCase();
  if (Array.isArray(labels) && labels.every((label) => typeof label === 'string') && labels.length > 0)
    content['labels'] = labels;
  return content;
}

interface ChangelogItem {
  readonly field: string;
  readonly to: string | undefined;
}

function changelogItems(read: Reader): ChangelogItem[] {
  const items = at(read.payload, 'changelog.items');
  if (!Array.isArray(items)) return [];
  return items.filter(isJsonObject).map((item) => {
    const reader = new Reader(item);
    return { field: (reader.optional('field') ?? '').toLowerCase(), to: reader.optional('toString') };
  });
}

function created(read: Reader): ForgeEvent {
  const { site, key, uri } = issueAddress(read);
  const creator =
    person(read, 'issue.fields.creator') ?? person(read, 'issue.fields.reporter') ?? person(read, 'user');
  if (creator === undefined) read.missing ??= 'issue.fields.creator.displayName';
  return {
    source: site,
    key: `${uri}#created`,
    type: `${CD}.ticket.created.0.2.0`,
    time: read.time('issue.fields.created'),
    subject: {
      id: key,
      source: site,
      content: {
        ...ticketContent(read, uri),
        summary: read.text('issue.fields.summary'),
        creator: creator ?? '',
      },
    },
    customData: { ticketKey: key },
  };
}

function updated(read: Reader, inProgress: ReadonlySet<string>): ForgeEvent | string {
  const items = changelogItems(read);
  const status = items.find((item) => item.field === 'status');
  const resolution = items.find((item) => item.field === 'resolution' && item.to !== undefined);
  const done = read.optional('issue.fields.status.statusCategory.key') === 'done';
  const closes = resolution !== undefined || (status !== undefined && done);
  const starts = status?.to !== undefined && inProgress.has(status.to.toLowerCase());
  // An update Tracey maps to nothing (a comment, a field edited) is a note, whatever it lacks.
  if (!closes && !starts)
    return status?.to === undefined
      ? 'an issue update without a status transition or resolution'
      : `a transition into "${status.to}", not an "in progress" status nor a resolution`;
  const { site, key, uri } = issueAddress(read);
  const change = read.text('changelog.id');
  const updatedBy = person(read, 'user');
  const by = updatedBy === undefined ? {} : { updatedBy };
  // A webhook fires as the transition happens: its `timestamp` is when.
  const time = read.time('timestamp');
  if (closes) {
    const name = resolution?.to ?? read.optional('issue.fields.resolution.name') ?? status?.to ?? 'Done';
    return {
      source: site,
      key: `${uri}#closed@${change}`,
      type: `${CD}.ticket.closed.0.2.0`,
      time,
      subject: {
        id: key,
        source: site,
        content: {
          ...ticketContent(read, uri),
          ...by,
          resolution: RESOLUTIONS[name.toLowerCase()] ?? name,
        },
      },
      customData: {
        ticketKey: key,
        stage: 'closed',
        ...(status?.to === undefined ? {} : { status: status.to }),
      },
    };
  }
  return {
    source: site,
    key: `${uri}#started@${change}`,
    type: `${CD}.ticket.updated.0.2.0`,
    time,
    subject: { id: key, source: site, content: { ...ticketContent(read, uri), ...by } },
    customData: { ticketKey: key, stage: 'started', status: status?.to ?? '' },
  };
}

/**
 * Jira webhooks as CDEvents: `jira:issue_created` → `ticket.created`; `jira:issue_updated` with a
 * status transition into one of `inProgressStatuses` → `ticket.updated` with `customData.stage:
 * started`, with a resolution (or into a status of the "done" category) → `ticket.closed`. Other
 * events and updates map to nothing, with a note.
 */
export function jiraMapper(options: JiraMapperOptions = {}): CloudEventMapper {
  const inProgress = new Set(
    (options.inProgressStatuses ?? ['In Progress']).map((status) => status.trim().toLowerCase()),
  );
  return {
    name: NAME,
    matches: (event: CloudEventInput) => event.type.startsWith(JIRA_TYPE_PREFIX),
    map(event: CloudEventInput): MappingResult {
      const payload = cloudEventDataObject(event);
      if (payload === undefined) return refuse('data', 'a Jira webhook carries a JSON object');
      const name = event.type.slice(JIRA_TYPE_PREFIX.length);
      const read = new Reader(payload);
      let mapped: ForgeEvent | string;
      if (name === 'issue_created') mapped = created(read);
      else if (name === 'issue_updated') mapped = updated(read, inProgress);
      else mapped = `Jira ${name} events are not mapped`;
      return forgeResult(NAME, read, mapped, 'issue.self');
    },
  };
}
