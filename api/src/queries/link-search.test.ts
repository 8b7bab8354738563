import { describe, expect, it } from 'vitest';
import { eventTree } from './link-search.js';
import type { TraversalNode, TraversalResult } from './traversal.js';

const node = (id: string, depth: number, time: number, placeholder = false): TraversalNode => ({
  id,
  type: placeholder ? null : 'EiffelArtifactCreatedEvent',
  time: placeholder ? null : time,
  outcome: null,
  depth,
  placeholder,
});

describe('eventTree', () => {
  it('puts each event once under its first breadth-first parent, leaves bare, placeholders out', () => {
    // S links A and B; A and B both link C (a diamond); C links D and a placeholder P.
    const result: TraversalResult = {
      start: 'S',
      direction: 'upstream',
      nodes: [
        node('S', 0, 0),
        node('A', 1, 1),
        node('B', 1, 2),
        node('C', 2, 3),
        node('D', 3, 4),
        node('P', 3, 0, true),
      ],
      edges: [
        { source: 'S', target: 'A', linkType: 'CAUSE' },
        { source: 'S', target: 'B', linkType: 'CAUSE' },
        { source: 'B', target: 'C', linkType: 'CAUSE' },
        { source: 'A', target: 'C', linkType: 'CAUSE' },
        { source: 'C', target: 'D', linkType: 'CAUSE' },
        { source: 'C', target: 'P', linkType: 'CAUSE' },
      ],
      truncated: false,
      truncatedBy: null,
      reached: 6,
    };
    const events = new Map(['S', 'A', 'B', 'C', 'D'].map((id) => [id, { id }]));
    expect(eventTree(result, events)).toEqual([
      { id: 'S' },
      [{ id: 'A' }, [{ id: 'C' }, { id: 'D' }]],
      { id: 'B' },
    ]);
  });

  it('reads downstream links the other way round, and is just the start when nothing is reached', () => {
    const result: TraversalResult = {
      start: 'A',
      direction: 'downstream',
      nodes: [node('A', 0, 0), node('S', 1, 1)],
      edges: [{ source: 'S', target: 'A', linkType: 'CAUSE' }],
      truncated: false,
      truncatedBy: null,
      reached: 2,
    };
    const events = new Map(['A', 'S'].map((id) => [id, { id }]));
    expect(eventTree(result, events)).toEqual([{ id: 'A' }, { id: 'S' }]);
    expect(eventTree({ ...result, nodes: [node('A', 0, 0)], edges: [] }, events)).toEqual([{ id: 'A' }]);
  });
});
