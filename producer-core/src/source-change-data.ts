import { createHash } from 'node:crypto';
import type { GitCommit } from './git-commit.js';
import { issueReferences } from './issue-references.js';

export interface IssueUris {
  /** URI of a tracker key, `{id}` replaced, e.g. `https://jira.acme.com/browse/{id}`. */
  readonly keyTemplate?: string;
}

/** An issue a commit mentions, as the EiffelIssueDefinedEvent a source change links to. */
export interface MentionedIssue {
  /** Name-based (v5) UUID of tracker and URI: the same issue always gets the same event id, so
   *  defining it again from another commit is an idempotent duplicate, not a second issue. */
  readonly eventId: string;
  readonly data: { type: 'WORK_ITEM'; tracker: string; id: string; uri: string };
  /** How the source change links to it. */
  readonly linkType: 'RESOLVED_ISSUE' | 'PARTIALLY_RESOLVED_ISSUE';
}

/** `data` of an EiffelSourceChangeCreatedEvent for `commit`: git identifier and author. */
export function sourceChangeCreatedData(commit: GitCommit): Record<string, unknown> {
  return {
    author: { name: commit.author.name, email: commit.author.email },
    gitIdentifier: gitIdentifier(commit),
  };
}

/** `data` of an EiffelSourceChangeSubmittedEvent for `commit`. */
export function sourceChangeSubmittedData(commit: GitCommit): Record<string, unknown> {
  return {
    submitter: { name: commit.committer.name, email: commit.committer.email },
    gitIdentifier: gitIdentifier(commit),
  };
}

/**
 * The issues `commit`'s message mentions (`ABC-123`, `#42`; "fixes #42" resolves it). `#42` links
 * to the repository's issues on GitHub or GitLab; a key like `ABC-123` needs `keyTemplate`, else
 * it gets a `urn:issue:` URI.
 */
export function mentionedIssues(commit: GitCommit, uris: IssueUris = {}): MentionedIssue[] {
  return issueReferences(commit.message).map((reference) => {
    const tracker = reference.tracker === 'github' ? 'GitHub' : 'JIRA';
    const uri = issueUri(reference.id, reference.tracker, commit.repoUri, uris);
    return {
      eventId: nameBasedUuid(`${tracker} ${uri}`),
      data: { type: 'WORK_ITEM', tracker, id: reference.id, uri },
      linkType: reference.resolves ? 'RESOLVED_ISSUE' : 'PARTIALLY_RESOLVED_ISSUE',
    };
  });
}

function gitIdentifier(commit: GitCommit): Record<string, string> {
  return {
    commitId: commit.sha,
    repoUri: commit.repoUri ?? 'urn:git:local',
    ...(commit.branch === undefined ? {} : { branch: commit.branch }),
    ...(commit.repoName === undefined ? {} : { repoName: commit.repoName }),
  };
}

function issueUri(
  id: string,
  tracker: 'jira' | 'github',
  repoUri: string | undefined,
  uris: IssueUris,
): string {
  if (tracker === 'jira') return uris.keyTemplate?.replace('{id}', id) ?? `urn:issue:${id}`;
  const web = repoUri?.replace(/^git@([^:]+):/, 'https://$1/').replace(/\.git$/, '');
  return web?.startsWith('https://') === true ? `${web}/issues/${id.slice(1)}` : `urn:issue:${id}`;
}

/** RFC 4122 version 5 UUID of `name` in Tracey's namespace for issues. */
function nameBasedUuid(name: string): string {
  const namespace = Buffer.from('5f0a7e1c2b3d4e5f8a9b0c1d2e3f4a5b', 'hex');
  const bytes = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
