import { describe, expect, it } from 'vitest';
import { profileAsExplain } from './read-only-cypher.js';

describe('profileAsExplain', () => {
  it('turns the PROFILE of the pre-parser prefix into EXPLAIN, keeping everything else', () => {
    expect(profileAsExplain('PROFILE MATCH (n) RETURN n')).toBe('EXPLAIN MATCH (n) RETURN n');
    expect(profileAsExplain('  profile\nMATCH (n) RETURN n')).toBe('  EXPLAIN\nMATCH (n) RETURN n');
    expect(
      profileAsExplain('// why\nCYPHER 5 runtime=slotted /* x */ PROFILE LOAD CSV FROM $u AS l RETURN l'),
    ).toBe('// why\nCYPHER 5 runtime=slotted /* x */ EXPLAIN LOAD CSV FROM $u AS l RETURN l');
  });

  it('finds none where the prefix has no PROFILE', () => {
    expect(profileAsExplain('MATCH (profile) RETURN profile')).toBeUndefined();
    expect(profileAsExplain('EXPLAIN MATCH (n) RETURN n')).toBeUndefined();
    expect(profileAsExplain('/* PROFILE */ MATCH (n) RETURN n')).toBeUndefined();
    expect(profileAsExplain('// PROFILE\nRETURN 1')).toBeUndefined();
    expect(profileAsExplain('/* unterminated PROFILE')).toBeUndefined();
  });
});
