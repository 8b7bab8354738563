import { sourceChangeIdentity, type SourceIdentity } from '@tracey/schemas';

// What the reports tell of source changes and work items, read from the stored event text:
// authors and issue details are not node properties.

export type { SourceIdentity };

/** A person as Eiffel describes one: author of a change, submitter of a submission. */
export interface Person {
  readonly name: string | null;
  readonly email: string | null;
  readonly id: string | null;
  readonly group: string | null;
}

/** A work item named in a source change's own data (`data.issues`, SourceChangeCreated 1.x). */
export interface DataIssue {
  readonly issueId: string;
  readonly issueType: string | null;
  readonly tracker: string | null;
  readonly uri: string | null;
  readonly relation: 'RESOLVED_ISSUE' | 'PARTIALLY_RESOLVED_ISSUE';
}

/** A work item as its EiffelIssueDefinedEvent defines it. */
export interface IssueDetails {
  readonly issueId: string | null;
  readonly issueType: string | null;
  readonly tracker: string | null;
  readonly uri: string | null;
  readonly title: string | null;
}

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : null;
}

/** The `data` member of stored event text; `{}` when the text is missing or not an event. */
export function eventData(json: string | null | undefined): Json {
  if (json === null || json === undefined) return {};
  try {
    return object(object(JSON.parse(json))?.['data']) ?? {};
  } catch {
    return {};
  }
}

/** A person member (`author`, `submitter`); `null` when absent. */
export function personOf(data: Json, member: 'author' | 'submitter'): Person | null {
  const person = object(data[member]);
  if (person === undefined) return null;
  return {
    name: text(person['name']),
    email: text(person['email']),
    id: text(person['id']),
    group: text(person['group']),
  };
}

/** The change's identifier, whichever of git, svn, hg or ClearCase it uses (as on the graph). */
export function sourceIdentityOf(data: Json): SourceIdentity {
  return sourceChangeIdentity(data);
}

const TRANSITIONS: Readonly<Record<string, DataIssue['relation']>> = {
  RESOLVED: 'RESOLVED_ISSUE',
  PARTIAL: 'PARTIALLY_RESOLVED_ISSUE',
};

/**
 * Work items listed in `data.issues` (SourceChangeCreated 1.x, before links replaced it):
 * `RESOLVED` and `PARTIAL` ones, as the links `RESOLVED_ISSUE` and `PARTIALLY_RESOLVED_ISSUE`
 * would say; `REMOVED` (a de-resolution) is not a work item the change delivers.
 */
export function dataIssuesOf(data: Json): DataIssue[] {
  const issues = data['issues'];
  if (!Array.isArray(issues)) return [];
  const found: DataIssue[] = [];
  for (const item of issues) {
    const issue = object(item);
    const issueId = text(issue?.['id']);
    const transition = text(issue?.['transition']);
    const relation = transition === null ? undefined : TRANSITIONS[transition];
    if (issue === undefined || issueId === null || relation === undefined) continue;
    found.push({
      issueId,
      issueType: text(issue['type']),
      tracker: text(issue['tracker']),
      uri: text(issue['uri']),
      relation,
    });
  }
  return found;
}

/** The work item an EiffelIssueDefinedEvent's data defines. */
export function issueDetailsOf(data: Json): IssueDetails {
  return {
    issueId: text(data['id']),
    issueType: text(data['type']),
    tracker: text(data['tracker']),
    uri: text(data['uri']),
    title: text(data['title']),
  };
}
