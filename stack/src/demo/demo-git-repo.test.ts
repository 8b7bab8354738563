import { describe, expect, it } from 'vitest';
import { mentionedIssues } from '@tracey/producer-core';
import { demoCommitMessages } from './demo-git-repo.js';

describe('demoCommitMessages', () => {
  it('mention one issue each, two of them resolved, as tracey scm created reads them', () => {
    const commits = demoCommitMessages(120);
    expect(commits.map((commit) => commit.issue)).toEqual(['SHOP-120', 'SHOP-121', 'SHOP-122']);
    const links = commits.map((commit) =>
      mentionedIssues({ sha: 'c0ffee', message: commit.message } as Parameters<
        typeof mentionedIssues
      >[0]).map((issue) => [issue.data.id, issue.linkType]),
    );
    expect(links).toEqual([
      [['SHOP-120', 'RESOLVED_ISSUE']],
      [['SHOP-121', 'RESOLVED_ISSUE']],
      [['SHOP-122', 'PARTIALLY_RESOLVED_ISSUE']],
    ]);
  });
});
