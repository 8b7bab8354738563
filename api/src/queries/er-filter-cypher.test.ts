import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { parseErQuery } from './er-filter.js';
import { compileFilter } from './er-filter-cypher.js';

const compile = (raw: string) => compileFilter(parseErQuery(raw, new Set()).conditions);

describe('compileFilter', () => {
  it('puts meta fields on node properties, values only as parameters', () => {
    const compiled = compile(
      "meta.type=EiffelArtifactCreatedEvent&meta.time>=2020-01-01T00:00:00Z&meta.source.name!=x'y&meta.id~ab",
    );
    expect(compiled.where).toBe(
      'n.type = $f0 AND n.time >= $f1 AND (n.sourceName IS NULL OR n.sourceName <> $f2)',
    );
    expect(compiled.params).toEqual({
      f0: 'EiffelArtifactCreatedEvent',
      f1: Date.parse('2020-01-01T00:00:00Z'),
      f2: "x'y",
    });
    // Regular expressions never reach Neo4j's backtracking engine: the API runs them on RE2.
    expect(compiled.residual.map((c) => [c.field, c.op])).toEqual([['meta.id', '~']]);
  });

  it('uses a data property only when meta.type pins a type that has it', () => {
    const pinned = compile('meta.type=EiffelSourceChangeSubmittedEvent&data.gitIdentifier.commitId=abc');
    // Nodes stored before `vcs` existed are git's, with commitId, repoName and branch.
    expect(pinned.where).toBe("n.type = $f0 AND (coalesce(n.vcs, 'git') = $f1vcs AND n.commitId = $f1)");
    expect(pinned.params).toMatchObject({ f1: 'abc', f1vcs: 'git' });
    expect(pinned.residual).toEqual([]);
    // The shared identity properties hold each VCS's own field: hg's commit id, svn's repository.
    const hg = compile('meta.type=EiffelSourceChangeCreatedEvent&data.hgIdentifier.commitId!=abc');
    expect(hg.where).toBe(
      'n.type = $f0 AND (n.vcs IS NULL OR n.vcs <> $f1vcs OR (n.commitId IS NULL OR n.commitId <> $f1))',
    );
    expect(hg.params).toMatchObject({ f1vcs: 'hg' });
    // Old nodes (no `vcs`) lack the other fields: the JSON decides for them.
    expect(hg.residual.map((c) => c.field)).toEqual(['data.hgIdentifier.commitId']);
    const uri = compile('meta.type=EiffelSourceChangeCreatedEvent&data.gitIdentifier.repoUri=u');
    expect(uri.where).toBe('n.type = $f0 AND (n.vcs IS NULL OR (n.vcs = $f1vcs AND n.repoUri = $f1))');
    expect(uri.residual.map((c) => c.field)).toEqual(['data.gitIdentifier.repoUri']);
    // An svn revision is a number in the event, text on the node: left to the JSON.
    const svn = compile('meta.type=EiffelSourceChangeCreatedEvent&data.svnIdentifier.revision=42');
    expect(svn.residual.map((c) => c.field)).toEqual(['data.svnIdentifier.revision']);
    const unpinned = compile('data.gitIdentifier.commitId=abc');
    expect(unpinned.where).toBe('true');
    expect(unpinned.residual.map((c) => c.field)).toEqual(['data.gitIdentifier.commitId']);
    const other = compile('meta.type=EiffelArtifactCreatedEvent&data.gitIdentifier.commitId=abc');
    expect(other.residual.map((c) => c.field)).toEqual(['data.gitIdentifier.commitId']);
  });

  it('matches tags as a list, and leaves casts and exists to the JSON', () => {
    expect(compile('meta.tags=a').where).toBe('$f0 IN coalesce(n.tags, [])');
    expect(compile('meta.tags!=a').where).toBe('NOT $f0 IN coalesce(n.tags, [])');
    expect(compile('meta.tags~a').residual.map((c) => c.field)).toEqual(['meta.tags']);
    expect(compile('int(meta.time)>5&meta.source.host').residual.map((c) => c.op)).toEqual(['>', 'exists']);
  });

  it('refuses a meta.time that is not a time, naming it', () => {
    for (const raw of ['meta.time>yesterday', 'meta.time~1']) {
      try {
        compile(raw);
        throw new Error(`accepted ${raw}`);
      } catch (error) {
        expect(isTraceyError(error, 'API_BAD_REQUEST') && error.message).toContain('meta.time');
      }
    }
  });
});
