import { parseCdEventType, TICKET_KEY, type IndexedProperties } from '@tracey/schemas';

// Links derived from what events name rather than from their links: a CDEvents deployment names
// its artifact by purl, a packaged artifact its change by id, a merge its commit. So an Eiffel
// build and a CDEvents deployment form one chain without either knowing the other's event ids.
//
// Every key has *definers* (events that are the thing: an artifact created or published) with a
// rank, and *referrers* (events that name it) that link to every definer of the same key with a
// lower rank. The ranks order the events of one key (created < packaged < published < deployed),
// so the derived links never make a cycle. The rule depends only on the events, never on the
// order they arrive in: whichever comes second makes the link (graph-cypher.ts, step 3).

/** The kinds of content reference a link is derived from. */
export const DERIVATION_KINDS = [
  'artifact',
  'change',
  'commit',
  'parentCommit',
  'deployedCommit',
  'ticket',
] as const;
export type DerivationKind = (typeof DERIVATION_KINDS)[number];

/** The relationship type of the links derived from each kind of key. */
export const DERIVED_LINK_TYPES: Readonly<Record<DerivationKind, string>> = {
  artifact: 'ARTIFACT',
  change: 'CHANGE',
  // A CDEvents merge and an Eiffel submission of the same commit are one change seen twice.
  commit: 'SAME_CHANGE',
  // A pushed commit is made on its parent, as an Eiffel change on its base.
  parentCommit: 'BASE',
  // A deployment of a commit contains the change of it: its merge, its push, its submission.
  deployedCommit: 'CHANGE',
  // A change naming a work item's key (`SHOP-123`), and the work item's own later events.
  ticket: 'WORK_ITEM',
};

/** What one event is and names under one kind of key. */
export interface DerivedKey {
  readonly kind: DerivationKind;
  /** The purl, change id or commit hash. */
  readonly key: string;
  /** As a referrer, when the key it names is not the one it defines (a commit names its parent). */
  readonly ref?: string;
  /** As a definer: its rank among the events of the key. */
  readonly rank?: number;
  /** As a referrer: it links to the definers of the key ranked below this. */
  readonly below?: number;
  /** As a referrer: the event field the key was read from, recorded on the derived links. */
  readonly field?: string;
  /**
   * Where the change lives (`subject.source` of a change, `content.change.source` of a packaged
   * artifact): a referrer and a definer that both name one must name the same.
   */
  readonly source?: string;
}

const ARTIFACT_CREATED = 'EiffelArtifactCreatedEvent';
const SOURCE_CHANGE_SUBMITTED = 'EiffelSourceChangeSubmittedEvent';
const ISSUE_DEFINED = 'EiffelIssueDefinedEvent';

// Ranks of the events of one artifact; deployments and incidents only refer (below all).
const ARTIFACT_RANK = { created: 0, packaged: 1, published: 2, used: 3 } as const;
// Ranks of the events of one change: a merge follows the change's creation and updates.
const CHANGE_RANK = { opened: 0, merged: 1, packaged: 2 } as const;
// Ranks of the events of one commit: made (pushed, submitted), merged (a pull request's merge
// commit), then what names it (a deployment).
const COMMIT_RANK = { made: 0, merged: 1, deployed: 2 } as const;
// Ranks among the events that are one change of a commit: the Eiffel submission, the forge's push
// of it (the same change: it links to the submission), then what names it (a merge, a pull
// request's head) links to both.
const SAME_CHANGE_RANK = { submitted: 0, pushed: 1, named: 2 } as const;
// Ranks of the events of one work item: its creation, work started on it, then what names it
// (a change, an Eiffel issue definition, the work item's other updates and its closing) links to
// both, so lead time can run from where work started.
const TICKET_RANK = { defined: 0, started: 1, named: 2 } as const;

/**
 * What an event that made a commit (pushed, submitted) defines under the commit kinds, and the
 * parent it names (a pushed commit's `customData.parentCommitId`).
 */
function madeCommit(commit: string, pushed: boolean, parent?: string): DerivedKey[] {
  const rank = COMMIT_RANK.made;
  if (!pushed)
    // A submission names no parent commit: Eiffel links it to the submission before (PREVIOUS_VERSION).
    return [
      { kind: 'commit', key: commit, rank: SAME_CHANGE_RANK.submitted },
      { kind: 'deployedCommit', key: commit, rank },
    ];
  return [
    {
      kind: 'commit',
      key: commit,
      rank: SAME_CHANGE_RANK.pushed,
      below: SAME_CHANGE_RANK.pushed,
      field: 'customData.commitId',
    },
    { kind: 'deployedCommit', key: commit, rank },
    parent === undefined
      ? { kind: 'parentCommit', key: commit, rank }
      : {
          kind: 'parentCommit',
          key: commit,
          rank,
          ref: parent,
          below: rank + 1,
          field: 'customData.parentCommitId',
        },
  ];
}

function text(value: IndexedProperties[string] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function eiffelKeys(type: string, properties: IndexedProperties): DerivedKey[] {
  if (type === ARTIFACT_CREATED) {
    const purl = text(properties['identity']);
    return purl === undefined ? [] : [{ kind: 'artifact', key: purl, rank: ARTIFACT_RANK.created }];
  }
  if (type === SOURCE_CHANGE_SUBMITTED) {
    const commit = text(properties['commitId'])?.toLowerCase();
    return commit === undefined ? [] : madeCommit(commit, false);
  }
  if (type === ISSUE_DEFINED) {
    // The issue `tracey scm` defines for a key a commit names: it names the tracker's own events.
    const key = text(properties['issueId']);
    return key === undefined || !TICKET_KEY.test(key)
      ? []
      : [{ kind: 'ticket', key, below: TICKET_RANK.named, field: 'data.id' }];
  }
  return [];
}

/** A work item's events, and a change naming one. */
function ticketKeys(
  subject: string,
  predicate: string,
  key: string,
  stage: string | undefined,
): DerivedKey[] {
  if (subject === 'ticket') {
    if (predicate === 'created') return [{ kind: 'ticket', key, rank: TICKET_RANK.defined }];
    if (predicate === 'updated' && stage === 'started')
      return [
        { kind: 'ticket', key, rank: TICKET_RANK.started, below: TICKET_RANK.started, field: 'subject.id' },
      ];
    return [{ kind: 'ticket', key, below: TICKET_RANK.named, field: 'subject.id' }];
  }
  if (subject === 'change')
    return [{ kind: 'ticket', key, below: TICKET_RANK.named, field: 'customData.ticketKeys' }];
  return [];
}

function cdeventsKeys(type: string, properties: IndexedProperties): DerivedKey[] {
  const parts = parseCdEventType(type);
  if (parts === undefined) return [];
  const { subject, predicate } = parts;
  const purl = text(properties['artifactId']);
  const changeId = text(properties['changeId']);
  const keys: DerivedKey[] = [];
  const withSource = (source: string | undefined) => (source === undefined ? {} : { source });
  if (subject === 'artifact' && purl !== undefined) {
    if (predicate === 'packaged' || predicate === 'published') {
      const rank = ARTIFACT_RANK[predicate];
      keys.push({ kind: 'artifact', key: purl, rank, below: rank, field: 'subject.id' });
    }
    if (predicate === 'packaged' && changeId !== undefined) {
      keys.push({
        kind: 'change',
        key: changeId,
        below: CHANGE_RANK.packaged,
        field: 'subject.content.change.id',
        ...withSource(text(properties['changeSource'])),
      });
    }
  }
  const deployment = subject === 'service' && ['deployed', 'upgraded', 'rolledback'].includes(predicate);
  if (deployment || subject === 'incident') {
    if (purl !== undefined)
      keys.push({
        kind: 'artifact',
        key: purl,
        below: ARTIFACT_RANK.used,
        field: 'subject.content.artifactId',
      });
  }
  const ticket = text(properties['ticketKey']);
  if (ticket !== undefined)
    keys.push(...ticketKeys(subject, predicate, ticket, text(properties['ticketStage'])));
  const commit = text(properties['commitId']);
  if (deployment && commit !== undefined)
    keys.push({
      kind: 'deployedCommit',
      key: commit,
      below: COMMIT_RANK.deployed,
      field: 'customData.commitId',
    });
  if (subject === 'change' && changeId !== undefined) {
    const source = withSource(text(properties['subjectSource']));
    if (predicate === 'created' || predicate === 'updated')
      keys.push({ kind: 'change', key: changeId, rank: CHANGE_RANK.opened, ...source });
    if ((predicate === 'created' || predicate === 'updated') && commit !== undefined) {
      // A pushed commit: it is the commit, made on its parent.
      keys.push(...madeCommit(commit, true, text(properties['parentCommitId'])));
    }
    const head = text(properties['headCommitId']);
    if ((predicate === 'created' || predicate === 'updated') && commit === undefined && head !== undefined)
      // A pull request opened or pushed to: the same change as the commit at its head.
      keys.push({ kind: 'commit', key: head, below: SAME_CHANGE_RANK.named, field: 'customData.headSha' });
    if (predicate === 'merged') {
      keys.push({
        kind: 'change',
        key: changeId,
        rank: CHANGE_RANK.merged,
        below: CHANGE_RANK.merged,
        field: 'subject.id',
        ...source,
      });
      if (commit !== undefined) {
        keys.push({
          kind: 'commit',
          key: commit,
          below: SAME_CHANGE_RANK.named,
          field:
            commit === text(properties['subjectId'])?.toLowerCase() ? 'subject.id' : 'customData.commitId',
        });
        keys.push({ kind: 'deployedCommit', key: commit, rank: COMMIT_RANK.merged });
      }
    }
  }
  return keys;
}

/**
 * The keys an event defines and refers to, from its type and indexed properties (an Eiffel
 * artifact's `identity`, a source change's `commitId`; a CDEvent's `artifactId`, `changeId`,
 * `commitId`). At most one key per kind.
 */
export function derivedKeys(type: string, properties: IndexedProperties): DerivedKey[] {
  return type.startsWith('Eiffel') ? eiffelKeys(type, properties) : cdeventsKeys(type, properties);
}

/**
 * The node properties that hold an event's keys: `_<kind>Def` (the key it defines, with
 * `_<kind>Rank`) and `_<kind>Ref` (the key it refers to, with `_<kind>Below` and `_<kind>Field`),
 * and `_<kind>Source`. Apart, so that an event looks up only the other side: a deployment of a
 * purl deployed 10,000 times finds its few artifact events, not the other deployments.
 */
export function derivedKeyProperties(keys: readonly DerivedKey[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of keys) {
    if (key.rank !== undefined) {
      out[`_${key.kind}Def`] = key.key;
      out[`_${key.kind}Rank`] = key.rank;
    }
    if (key.below !== undefined) {
      out[`_${key.kind}Ref`] = key.ref ?? key.key;
      out[`_${key.kind}Below`] = key.below;
    }
    if (key.field !== undefined) out[`_${key.kind}Field`] = key.field;
    if (key.source !== undefined) out[`_${key.kind}Source`] = key.source;
  }
  return out;
}
