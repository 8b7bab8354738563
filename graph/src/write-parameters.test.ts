import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { EventRow } from './event-row.js';
import { eventParameters, linkParameters } from './write-parameters.js';

const row = (id: string, links: EventRow['links'], label?: string): EventRow => ({
  id,
  type: label ?? 'Unverified',
  label,
  hash: `h-${id}`,
  json: '{}',
  properties: { time: 1_700_000_000_000, name: 'x' },
  links,
});

describe('write parameters', () => {
  it('sorts events by id and carries the type label only when there is one', () => {
    const params = eventParameters([row('b', [], 'EiffelArtifactCreatedEvent'), row('a', [])]);
    expect(params.map((p) => p['id'])).toEqual(['a', 'b']);
    expect(params.map((p) => p['labels'])).toEqual([[], ['EiffelArtifactCreatedEvent']]);
  });

  it('sends whole-number properties as integers, so Neo4j stores times as INTEGER', () => {
    const [params] = eventParameters([row('a', [])]);
    const time = (params?.['properties'] as Record<string, unknown>)['time'];
    expect(neo4j.isInt(time)).toBe(true);
    expect(String(time)).toBe('1700000000000');
  });

  it('lists every link with its relationship type, sorted by target, with the rule to check', () => {
    const nodes = new Map([
      ['s1', 'node-s1'],
      ['s2', 'node-s2'],
    ]);
    const links = linkParameters(
      [
        row('s1', [
          { relationshipType: 'CAUSE', linkType: 'CAUSE', target: 'z', targetTypes: 'any' },
          {
            relationshipType: 'LINK',
            linkType: 'CUSTOM_X',
            target: 'm',
            targetTypes: undefined,
            domainId: 'd',
          },
        ]),
        row('s2', [
          {
            relationshipType: 'SUBJECT',
            linkType: 'SUBJECT',
            target: 'a',
            targetTypes: ['EiffelArtifactCreatedEvent'],
          },
        ]),
      ],
      nodes,
    );
    expect(links).toEqual([
      {
        node: 'node-s2',
        target: 'a',
        type: 'SUBJECT',
        properties: {},
        legal: null,
        targetTypes: ['EiffelArtifactCreatedEvent'],
      },
      {
        node: 'node-s1',
        target: 'm',
        type: 'LINK',
        properties: { linkType: 'CUSTOM_X', domainId: 'd' },
        legal: null,
        targetTypes: null,
      },
      { node: 'node-s1', target: 'z', type: 'CAUSE', properties: {}, legal: true, targetTypes: null },
    ]);
  });
});
