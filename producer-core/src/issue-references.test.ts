import { describe, expect, it } from 'vitest';
import type { GitCommit } from './git-commit.js';
import { issueReferences } from './issue-references.js';
import { mentionedIssues, sourceChangeCreatedData } from './source-change-data.js';

describe('issueReferences', () => {
  it('finds tracker keys and #numbers, once each, and whether they are resolved', () => {
    expect(
      issueReferences('ABC-123: speed up build\n\nFixes #42, refs #7 and ABC-123. See x-1, UTF-8, a#3'),
    ).toEqual([
      { id: 'ABC-123', tracker: 'jira', resolves: false },
      { id: '#42', tracker: 'github', resolves: true },
      { id: '#7', tracker: 'github', resolves: false },
    ]);
  });
});

describe('source change data', () => {
  const commit: GitCommit = {
    sha: 'a'.repeat(40),
    branch: 'main',
    repoUri: 'git@github.com:acme/app.git',
    repoName: 'app',
    author: { name: 'Ada', email: 'ada@example.com' },
    committer: { name: 'Bob', email: 'bob@example.com' },
    message: 'closes #5 and PROJ-9',
  };

  it('fills the git identifier and author', () => {
    expect(sourceChangeCreatedData(commit)).toEqual({
      author: { name: 'Ada', email: 'ada@example.com' },
      gitIdentifier: {
        commitId: 'a'.repeat(40),
        repoUri: 'git@github.com:acme/app.git',
        branch: 'main',
        repoName: 'app',
      },
    });
  });

  it('makes each mentioned issue an IssueDefined event with a stable id and the link type', () => {
    const issues = mentionedIssues(commit, { keyTemplate: 'https://jira.example.com/browse/{id}' });
    expect(issues.map(({ data, linkType }) => ({ ...data, linkType }))).toEqual([
      {
        type: 'WORK_ITEM',
        tracker: 'GitHub',
        id: '#5',
        uri: 'https://github.com/acme/app/issues/5',
        linkType: 'RESOLVED_ISSUE',
      },
      {
        type: 'WORK_ITEM',
        tracker: 'JIRA',
        id: 'PROJ-9',
        uri: 'https://jira.example.com/browse/PROJ-9',
        linkType: 'PARTIALLY_RESOLVED_ISSUE',
      },
    ]);
    expect(issues[0]?.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(mentionedIssues({ ...commit, message: 'more on #5' })[0]?.eventId).toBe(issues[0]?.eventId);
  });
});
