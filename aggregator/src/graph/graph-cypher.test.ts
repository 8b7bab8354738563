import { describe, expect, it } from 'vitest';
import {
  createLinksCypher,
  SCHEMA_STATEMENTS,
  writeStatements,
  WRITE_EVENTS_CYPHER,
} from './graph-cypher.js';
import { checkedVocabulary, eiffelGraphVocabulary } from './graph-vocabulary.js';

describe('generated Cypher', () => {
  it('writes events, labels and links with fixed statements', () => {
    expect(WRITE_EVENTS_CYPHER).toMatchSnapshot();
    expect(createLinksCypher('CAUSE')).toMatchSnapshot();
    expect(SCHEMA_STATEMENTS).toMatchSnapshot();
  });

  it('has one statement per known label and relationship type, plus the generic LINK', () => {
    const statements = writeStatements(eiffelGraphVocabulary);
    expect([...statements.labels.keys()]).toEqual(eiffelGraphVocabulary.eventLabels);
    expect(statements.labels.size).toBe(24);
    expect([...statements.links.keys()]).toEqual([...eiffelGraphVocabulary.relationshipTypes, 'LINK']);
    expect(statements.links.get('ARTIFACT')).toContain('CREATE (n)-[r:ARTIFACT]->(t)');
    expect(statements.labels.get('EiffelArtifactCreatedEvent')).toContain('SET n:EiffelArtifactCreatedEvent');
  });

  it('refuses vocabulary names that could inject Cypher or clash with the model', () => {
    const ok = { eventLabels: ['EiffelX'], relationshipTypes: ['CAUSE'] };
    expect(checkedVocabulary(ok)).toEqual(ok);
    expect(() => checkedVocabulary({ ...ok, relationshipTypes: ['CAUSE]->() DETACH DELETE n //'] })).toThrow(
      /cannot be a relationship type/,
    );
    expect(() => checkedVocabulary({ ...ok, relationshipTypes: ['LINK'] })).toThrow(
      /cannot be a relationship type/,
    );
    expect(() => checkedVocabulary({ ...ok, eventLabels: ['Event'] })).toThrow(/cannot be a node label/);
    expect(() => checkedVocabulary({ ...ok, eventLabels: ['X`) DETACH DELETE n'] })).toThrow(
      /cannot be a node label/,
    );
  });

  it('knows every Eiffel link type', () => {
    expect(eiffelGraphVocabulary.relationshipTypes).toEqual(
      expect.arrayContaining([
        'CAUSE',
        'CONTEXT',
        'ARTIFACT',
        'COMPOSITION',
        'IUT',
        'SUBJECT',
        'PREVIOUS_VERSION',
      ]),
    );
  });
});
