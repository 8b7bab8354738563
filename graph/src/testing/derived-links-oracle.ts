// The links docs/graph-model.md derives from content, computed from the events' JSON pair by
// pair, without the graph module's code: what the tests compare the stored graph with.

export type Json = Record<string, unknown>;

/** The text at a dotted path of an event, or `undefined`. */
function at(event: Json, path: string): string | undefined {
  let value: unknown = event;
  for (const key of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

const CD = 'dev.cdevents';

export const idOf = (event: Json): string => at(event, 'meta.id') ?? at(event, 'context.id') ?? '';
const typeOf = (event: Json): string => at(event, 'meta.type') ?? at(event, 'context.type') ?? '';
const cdPart = (event: Json): string | undefined =>
  typeOf(event).startsWith(`${CD}.`) ? typeOf(event).split('.').slice(2, 4).join('.') : undefined;

/** Stage of an event on an artifact's way (lower first), with the purl and the field it is read from. */
function artifactStage(event: Json): { purl: string; stage: number; field: string } | undefined {
  const stage = (purl: string | undefined, stage: number, field: string) =>
    purl === undefined ? undefined : { purl, stage, field };
  if (typeOf(event) === 'EiffelArtifactCreatedEvent') return stage(at(event, 'data.identity'), 0, '');
  const part = cdPart(event);
  if (part === 'artifact.packaged') return stage(at(event, 'subject.id'), 1, 'subject.id');
  if (part === 'artifact.published') return stage(at(event, 'subject.id'), 2, 'subject.id');
  if (
    ['service.deployed', 'service.upgraded', 'service.rolledback'].includes(part ?? '') ||
    part?.startsWith('incident.')
  )
    return stage(at(event, 'subject.content.artifactId'), 3, 'subject.content.artifactId');
  return undefined;
}

const lower = (text: string | undefined): string | undefined => text?.toLowerCase();

/** The commit an event made: an Eiffel submission's, a pushed commit's (`change.*` with a commitId). */
function madeCommit(event: Json): string | undefined {
  if (typeOf(event) === 'EiffelSourceChangeSubmittedEvent')
    return lower(at(event, 'data.gitIdentifier.commitId'));
  const part = cdPart(event);
  return part === 'change.created' || part === 'change.updated'
    ? lower(at(event, 'customData.commitId'))
    : undefined;
}

/** The links between the events of commits: pushes, submissions, pull requests, merges, deployments. */
function commitLinks(a: Json, b: Json): string[] {
  const links: string[] = [];
  const [pa, pb] = [cdPart(a), cdPart(b)];
  const made = madeCommit(b);
  const commit = lower(at(a, 'customData.commitId'));
  if (made !== undefined) {
    // A merge is the same change as its merge commit; a pull request as its head commit.
    if (pa === 'change.merged' && commit === made)
      links.push(`${idOf(a)} SAME_CHANGE customData.commitId ${idOf(b)}`);
    if (
      (pa === 'change.created' || pa === 'change.updated') &&
      commit === undefined &&
      lower(at(a, 'customData.headSha')) === made
    )
      links.push(`${idOf(a)} SAME_CHANGE customData.headSha ${idOf(b)}`);
    // A forge's push of a commit is the same change as its Eiffel submission.
    if (madeCommit(a) !== undefined && pa !== undefined && madeCommit(a) === made && pb === undefined)
      links.push(`${idOf(a)} SAME_CHANGE customData.commitId ${idOf(b)}`);
    // A pushed commit is made on its parent.
    if (
      madeCommit(a) !== undefined &&
      pa !== undefined &&
      pb !== undefined &&
      lower(at(a, 'customData.parentCommitId')) === made
    )
      links.push(`${idOf(a)} BASE customData.parentCommitId ${idOf(b)}`);
  }
  // A deployment of a commit contains what made it and the merge of it.
  const deployment = ['service.deployed', 'service.upgraded', 'service.rolledback'].includes(pa ?? '');
  const mergedCommit = pb === 'change.merged' ? lower(at(b, 'customData.commitId')) : undefined;
  if (deployment && commit !== undefined && (made === commit || mergedCommit === commit))
    links.push(`${idOf(a)} CHANGE customData.commitId ${idOf(b)}`);
  return links;
}

const TICKET_KEY = /^[A-Z][A-Z0-9]{1,9}-[1-9]\d*$/;

/** The work item key an event is of or names, with the field it is read from. */
function ticketOf(event: Json): { key: string; field: string } | undefined {
  const part = cdPart(event);
  let key: string | undefined;
  let field = 'subject.id';
  if (part?.startsWith('ticket.')) key = at(event, 'customData.ticketKey') ?? at(event, 'subject.id');
  else if (part?.startsWith('change.')) {
    const keys = (event['customData'] as Json | undefined)?.['ticketKeys'];
    key = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : undefined;
    field = 'customData.ticketKeys';
  } else if (typeOf(event) === 'EiffelIssueDefinedEvent') {
    key = at(event, 'data.id');
    field = 'data.id';
  }
  return key !== undefined && TICKET_KEY.test(key) ? { key, field } : undefined;
}

/** 0 for a work item's creation, 1 for work started on it; `undefined` for what only names it. */
function ticketStage(event: Json): number | undefined {
  const part = cdPart(event);
  if (part === 'ticket.created') return 0;
  if (part === 'ticket.updated' && at(event, 'customData.stage') === 'started') return 1;
  return undefined;
}

/** A work item's events and what names its key: everything links to its creation and its start. */
function ticketLinks(a: Json, b: Json): string[] {
  const [ta, tb, sb] = [ticketOf(a), ticketOf(b), ticketStage(b)];
  if (ta === undefined || tb === undefined || sb === undefined || ta.key !== tb.key) return [];
  // Work started names the creation only; the rest name both.
  const limit = ticketStage(a) === 1 ? 1 : ticketStage(a) === 0 ? 0 : 2;
  return sb < limit ? [`${idOf(a)} WORK_ITEM ${ta.field} ${idOf(b)}`] : [];
}

/**
 * Every derived link among `events` as `<from id> <type> <field> <to id>`, sorted: a later stage
 * of an artifact (created < packaged < published < deployed or incident) to each earlier one of
 * the same purl; a merge to its change's creation and updates, a packaged artifact to all three;
 * a merge to the Eiffel submission or push of its commit, a pull request to its head commit, a
 * pushed commit to its parent, a deployment of a commit to the events that made or merged it; a
 * change naming a work item key (its first), an Eiffel issue of the key and the work item's own
 * events to its creation and to work started on it (work started to the creation only).
 */
export function expectedDerivedLinks(events: readonly Json[]): string[] {
  const links: string[] = [];
  // Only these can be a link's target (every rule below asks `b` to be one): the pairs are the
  // same, and a hot artifact's 10,000 deployments are not compared with each other.
  const targets = events.filter(
    (b) =>
      (artifactStage(b)?.stage ?? 3) <= 2 ||
      ['change.created', 'change.updated', 'change.merged'].includes(cdPart(b) ?? '') ||
      typeOf(b) === 'EiffelSourceChangeSubmittedEvent' ||
      ticketStage(b) !== undefined,
  );
  for (const a of events) {
    for (const b of targets) {
      if (a === b) continue;
      const [sa, sb] = [artifactStage(a), artifactStage(b)];
      // A later stage names an earlier one that *is* the artifact (stages 0–2).
      if (sa && sb && sa.purl === sb.purl && sb.stage < sa.stage && sb.stage <= 2 && sa.stage >= 1)
        links.push(`${idOf(a)} ARTIFACT ${sa.field} ${idOf(b)}`);
      const [pa, pb] = [cdPart(a), cdPart(b)];
      // A merge follows the creation and updates of its change; a packaged artifact names all three.
      if (pb === 'change.created' || pb === 'change.updated' || pb === 'change.merged') {
        const [changeId, changeSource] = [at(b, 'subject.id'), at(b, 'subject.source')];
        if (
          pa === 'change.merged' &&
          pb !== 'change.merged' &&
          at(a, 'subject.id') === changeId &&
          at(a, 'subject.source') === changeSource
        )
          links.push(`${idOf(a)} CHANGE subject.id ${idOf(b)}`);
        const named = pa === 'artifact.packaged' ? at(a, 'subject.content.change.id') : undefined;
        const namedSource = at(a, 'subject.content.change.source');
        if (named === changeId && (namedSource === undefined || namedSource === changeSource))
          links.push(`${idOf(a)} CHANGE subject.content.change.id ${idOf(b)}`);
      }
      links.push(...commitLinks(a, b));
      links.push(...ticketLinks(a, b));
    }
  }
  return links.sort();
}
