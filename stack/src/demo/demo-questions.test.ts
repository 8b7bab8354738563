import { describe, expect, it } from 'vitest';
import type { DemoPipelineIds } from './demo-pipeline.js';
import { browserLink, demoGraphQuery, demoQuestions } from './demo-questions.js';

const ids = {
  commits: [
    {
      sha: '8f8082a76caa61fc',
      message: 'Add the cart',
      issue: 'SHOP-1',
      created: 'scc-1',
      submitted: 'scs-1',
    },
  ],
  confidence: 'clm-1',
  deploy: { activity: 'act-9' },
} as unknown as DemoPipelineIds;

describe('demoQuestions', () => {
  it('asks for the contents of the release, the releases of the first commit and its lead time', () => {
    expect(demoQuestions(ids).map((question) => question.argv)).toEqual([
      ['trace', 'down', 'clm-1'],
      ['trace', 'up', 'scc-1'],
      ['lead-time', 'scc-1', 'clm-1'],
    ]);
    expect(demoQuestions(ids)[1]?.question).toContain('8f8082a7 (SHOP-1)');
  });
});

describe('the graph in Neo4j Browser', () => {
  it('draws the deploy build and what it came from, in a link that fills the editor', () => {
    const query = demoGraphQuery(ids);
    expect(query).toBe("MATCH p = (:EiffelActivityTriggeredEvent {id: 'act-9'})-[*1..8]->() RETURN p");
    expect(browserLink('http://127.0.0.1:7474/browser/', 'MATCH (n) RETURN n')).toBe(
      'http://127.0.0.1:7474/browser/?cmd=edit&arg=MATCH%20(n)%20RETURN%20n',
    );
  });
});
