import type { GitCommit } from './git-commit.js';
import { issueReferences } from './issue-references.js';

export interface IssueUris {
  /** URI of a tracker key, `{id}` replaced, e.g. `https://jira.example.com/browse/{id}`. */
  readonly keyTemplate?: string;
}

/**
 * `data` of an EiffelSourceChangeCreatedEvent for `commit`: git identifier, author, and the issues
 * its message mentions (`#42` links to the repository's issues when it is on GitHub or GitLab; a
 * key like `ABC-123` needs `keyTemplate`, else it gets a `urn:issue:` URI).
 */
export function sourceChangeCreatedData(commit: GitCommit, uris: IssueUris = {}): Record<string, unknown> {
  const issues = issueReferences(commit.message).map((reference) => ({
    type: 'WORK_ITEM',
    tracker: reference.tracker === 'github' ? 'GitHub' : 'JIRA',
    id: reference.id,
    uri: issueUri(reference.id, reference.tracker, commit.repoUri, uris),
    transition: reference.resolves ? 'RESOLVED' : 'PARTIAL',
  }));
  return {
    author: { name: commit.author.name, email: commit.author.email },
    gitIdentifier: gitIdentifier(commit),
    ...(issues.length === 0 ? {} : { issues }),
  };
}

/** `data` of an EiffelSourceChangeSubmittedEvent for `commit`. */
export function sourceChangeSubmittedData(commit: GitCommit): Record<string, unknown> {
  return {
    submitter: { name: commit.committer.name, email: commit.committer.email },
    gitIdentifier: gitIdentifier(commit),
  };
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
