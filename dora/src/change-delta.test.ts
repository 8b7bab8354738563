import { describe, expect, it } from 'vitest';
import { deltaChanges, reachDelta, type ContentSource } from './change-delta.js';
import type { ContentLink, ContentNode } from './dora-model.js';

const SCS = 'EiffelSourceChangeSubmittedEvent';

/** An in-memory graph that counts how many events the walk read. */
function graph(nodes: [string, number, string | null][], links: [string, string, string][]) {
  const byId = new Map<string, ContentNode>(
    // `…bug…` resolves a bug; `created` opens a change for review (a pull request).
    nodes.map(([id, time, type]) => [
      id,
      { id, time, type, bug: id.includes('bug'), opensReview: id === 'created' },
    ]),
  );
  const read = new Set<string>();
  const source: ContentSource & { read: Set<string> } = {
    read,
    node: (id) => byId.get(id),
    links: (id) =>
      read.has(id)
        ? links
            .filter(([from]) => from === id)
            .map(([, to, type]): ContentLink => ({ target: byId.get(to) as ContentNode, type }))
        : undefined,
    load: (ids) => {
      for (const id of ids) read.add(id);
      return Promise.resolve();
    },
  };
  return source;
}

/** A history of `n` changes, each on the one before (BASE), one deployment per change. */
function history(n: number) {
  const nodes: [string, number, string | null][] = [];
  const links: [string, string, string][] = [];
  for (let i = 0; i < n; i++) {
    nodes.push([`c${i}`, i * 100, SCS], [`d${i}`, i * 100 + 50, 'dev.cdevents.service.deployed.0.3.0']);
    links.push([`d${i}`, `c${i}`, 'ARTIFACT']);
    if (i > 0) links.push([`c${i}`, `c${i - 1}`, 'BASE']);
  }
  return graph(nodes, links);
}

describe('reachDelta', () => {
  const bounds = { clockSkewMs: 0, budget: 10_000 };

  it('gives what the deployment reaches and the previous one does not, reading only the delta and its border', async () => {
    const source = history(1000);
    const delta = await reachDelta(source, 'd999', 'd995', null, bounds);
    expect([...delta].sort()).toEqual(['c996', 'c997', 'c998', 'c999', 'd999']);
    expect(source.read.size).toBeLessThan(20);
  });

  it('gives nothing new when the deployment reaches no more than the previous one (a rollback)', async () => {
    const source = history(50);
    expect([...(await reachDelta(source, 'd10', 'd20', null, bounds))]).toEqual(['d10']);
  });

  it('stops at the floor without a previous deployment (the seed window)', async () => {
    const source = history(100);
    const delta = await reachDelta(source, 'd99', null, 9_000, bounds);
    const changes = deltaChanges(source, delta, 9_000);
    expect(changes.map((c) => c.id)).toEqual([
      'c90',
      'c91',
      'c92',
      'c93',
      'c94',
      'c95',
      'c96',
      'c97',
      'c98',
      'c99',
    ]);
    expect(source.read.size).toBeLessThan(20);
  });

  it('refuses a walk past its budget', async () => {
    await expect(reachDelta(history(100), 'd99', null, null, { clockSkewMs: 0, budget: 10 })).rejects.toThrow(
      'more than 10',
    );
  });
});

describe('deltaChanges', () => {
  it('makes one change of a merge, its creation and the submission of its commit; the start is the earliest', async () => {
    const source = graph(
      [
        ['merged', 300, 'dev.cdevents.change.merged.0.3.0'],
        ['created', 100, 'dev.cdevents.change.created.0.4.0'],
        ['scs-bug', 200, SCS],
        ['other', 150, 'EiffelSourceChangeCreatedEvent'],
        ['artifact', 400, 'dev.cdevents.artifact.packaged.0.3.0'],
      ],
      [
        ['merged', 'created', 'CHANGE'],
        ['merged', 'scs-bug', 'SAME_CHANGE'],
        ['scs-bug', 'other', 'BASE'],
        ['artifact', 'merged', 'CHANGE'],
      ],
    );
    await source.load(['merged', 'created', 'scs-bug', 'other', 'artifact']);
    const changes = deltaChanges(
      source,
      new Set(['merged', 'created', 'scs-bug', 'other', 'artifact']),
      null,
    );
    expect(changes).toEqual([
      {
        id: 'merged',
        eventIds: ['created', 'merged', 'scs-bug'],
        time: 100,
        bug: true,
        // Opened for review at the creation, merged at the earlier of the merge and the submission.
        reviewAt: 100,
        mergedAt: 200,
      },
      { id: 'other', eventIds: ['other'], time: 150, bug: false, reviewAt: null, mergedAt: null },
    ]);
  });
});
