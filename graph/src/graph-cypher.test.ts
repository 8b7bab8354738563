import { describe, expect, it } from 'vitest';
import {
  CREATE_LINKS_CYPHER,
  DERIVE_LINKS_CYPHER,
  INDEX_HISTORY_CYPHER,
  SCHEMA_STATEMENTS,
  WRITE_EVENTS_CYPHER,
} from './graph-cypher.js';
import type { Driver } from 'neo4j-driver';
import { EventGraph } from './event-graph.js';
import type { EventRow } from './event-row.js';
import { checkedVocabulary, eiffelGraphVocabulary } from './graph-vocabulary.js';

describe('generated Cypher', () => {
  it('writes events, labels and links with fixed statements', () => {
    expect(WRITE_EVENTS_CYPHER).toMatchSnapshot();
    expect(CREATE_LINKS_CYPHER).toMatchSnapshot();
    expect(INDEX_HISTORY_CYPHER).toMatchSnapshot();
    expect(SCHEMA_STATEMENTS).toMatchSnapshot();
    expect(DERIVE_LINKS_CYPHER).toMatchSnapshot();
  });

  it('takes labels and relationship types only as dynamic values, never as Cypher text', () => {
    expect(WRITE_EVENTS_CYPHER).toContain('SET n:$(e.labels)');
    expect(CREATE_LINKS_CYPHER).toContain('CREATE (n)-[r:$(l.type)]->(t)');
  });

  it('refuses to write a label or relationship type outside the vocabulary, before Neo4j is asked', async () => {
    // A driver that fails the test if it is used at all.
    const driver = new Proxy({}, { get: () => expect.unreachable('the driver was used') }) as Driver;
    const graph = new EventGraph(driver, {
      vocabulary: { eventLabels: ['EiffelX'], relationshipTypes: ['CAUSE'] },
    });
    const row = (label: string | undefined, type: string): EventRow => ({
      id: 'e1',
      type: 'EiffelX',
      label,
      hash: 'h',
      json: '{}',
      properties: {},
      links: [{ relationshipType: type, linkType: type, target: 't', targetTypes: 'any' }],
    });
    await expect(graph.writeEvents([row('Admin', 'CAUSE')])).rejects.toThrow(/no label Admin/);
    await expect(graph.writeEvents([row('EiffelX', 'OWNS')])).rejects.toThrow(/no relationship type OWNS/);
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
