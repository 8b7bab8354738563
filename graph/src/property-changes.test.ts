import { describe, expect, it } from 'vitest';
import { propertyChanges } from './property-changes.js';

describe('propertyChanges', () => {
  it('sets what the node lacks or holds otherwise, and nothing else', () => {
    const stored = { id: 'a', type: 'T', time: 5, tags: ['x', 'y'], commitId: 'c1', hash: 'h' };
    const derived = { id: 'a', type: 'T', time: 5, tags: ['x', 'z'], commitId: 'c1', vcs: 'git' };
    expect(propertyChanges(stored, derived, [])).toEqual({
      set: { tags: ['x', 'z'], vcs: 'git' },
      remove: [],
    });
  });

  it('finds nothing to do on a node that matches the derivation', () => {
    const props = { id: 'a', type: 'T', time: 5, tags: ['x'], repoName: 'r' };
    expect(propertyChanges({ ...props, hash: 'h', _chain: 'a' }, props, ['repoName'])).toEqual({
      set: {},
      remove: [],
    });
  });

  it('removes only names the derivation owns and no longer gives', () => {
    const stored = { id: 'a', branch: 'old', note: 'set by hand', repoUri: 'u' };
    const derived = { id: 'a', repoUri: 'u' };
    expect(propertyChanges(stored, derived, ['branch', 'repoUri', 'commitId'])).toEqual({
      set: {},
      remove: ['branch'],
    });
  });
});
