import { describe, expect, it } from 'vitest';
import type { GitCommit } from './git-commit.js';
import { issueReferences } from './issue-references.js';
import { sourceChangeCreatedData } from './source-change-data.js';

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

describe('sourceChangeCreatedData', () => {
  const commit: GitCommit = {
    sha: 'a'.repeat(40),
    branch: 'main',
    repoUri: 'git@github.com:acme/app.git',
    repoName: 'app',
    author: { name: 'Ada', email: 'ada@example.com' },
    committer: { name: 'Bob', email: 'bob@example.com' },
    message: 'closes #5 and PROJ-9',
  };

  it('fills the git identifier, author and issues with their URIs', () => {
    expect(sourceChangeCreatedData(commit, { keyTemplate: 'https://jira.example.com/browse/{id}' })).toEqual({
      author: { name: 'Ada', email: 'ada@example.com' },
      gitIdentifier: {
        commitId: 'a'.repeat(40),
        repoUri: 'git@github.com:acme/app.git',
        branch: 'main',
        repoName: 'app',
      },
      issues: [
        {
          type: 'WORK_ITEM',
          tracker: 'GitHub',
          id: '#5',
          uri: 'https://github.com/acme/app/issues/5',
          transition: 'RESOLVED',
        },
        {
          type: 'WORK_ITEM',
          tracker: 'JIRA',
          id: 'PROJ-9',
          uri: 'https://jira.example.com/browse/PROJ-9',
          transition: 'PARTIAL',
        },
      ],
    });
  });
});
