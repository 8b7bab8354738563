import { describe, expect, it } from 'vitest';
import { parseEventSelector, type EventSelector } from './event-selector.js';
import { leadTimeStatsCypher } from './lead-time-stats-cypher.js';
import { contentsCypher, releasesCypher } from './trace-cypher.js';

function selector(text: string): EventSelector {
  const result = parseEventSelector(text);
  if (!result.ok) throw new Error(result.message);
  return result.selector;
}

describe('generated report Cypher', () => {
  it('traces contents and releases in one statement each, ids and limits as parameters', () => {
    expect(contentsCypher(null)).toMatchSnapshot();
    expect(releasesCypher(null, false)).toMatchSnapshot();
    expect(releasesCypher(null, true)).toMatchSnapshot();
    // A bound reads one level past itself: a cut is told from an end.
    expect(contentsCypher(3)).toContain('*1..4]->');
    expect(contentsCypher(null)).toContain('*1..]->');
    expect(contentsCypher(3)).toBe(contentsCypher(3));
  });

  it('refuses a depth that is not a positive integer', () => {
    expect(() => contentsCypher(0)).toThrow(/bad maxDepth/);
    expect(() => releasesCypher(1.5, false)).toThrow(/bad maxDepth/);
  });

  it('puts filter values in parameters and filter names only from the type’s properties', () => {
    const statement = leadTimeStatsCypher(
      selector('SourceChangeSubmitted,repoName=app'),
      selector("ConfidenceLevelModified,name=x' OR 1=1 //,value=SUCCESS"),
      { since: 1000, until: null, limit: 10 },
    );
    expect(statement.text).toMatchSnapshot();
    expect(statement.params).toMatchObject({
      fromTypes: ['EiffelSourceChangeSubmittedEvent'],
      toTypes: ['EiffelConfidenceLevelModifiedEvent'],
      from0: 'app',
      to0: "x' OR 1=1 //",
      to1: 'SUCCESS',
      since: 1000,
      until: 8.64e15,
    });
    expect(statement.text).not.toContain('OR 1=1');
    expect(statement.text).not.toContain('PREVIOUS_VERSION');
    const forged: EventSelector = {
      type: 'EiffelArtifactCreatedEvent',
      types: ['EiffelArtifactCreatedEvent'],
      filters: [{ property: 'event', value: 'x' }],
    };
    expect(() => leadTimeStatsCypher(forged, forged, { since: null, until: null, limit: 1 })).toThrow(
      /bad filter/,
    );
  });
});
