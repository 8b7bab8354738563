import { describe, expect, it } from 'vitest';
import { parseErQuery } from './er-filter.js';
import { meetsCondition, valuesAt } from './er-match.js';

const event = {
  meta: { id: 'a', type: 'EiffelArtifactCreatedEvent', time: 1000, tags: ['x', 'y'] },
  data: {
    identity: 'pkg:npm/tracey@1.2.3',
    size: 42,
    ok: true,
    none: null,
    customData: [
      { key: 'name', value: 'first' },
      { key: 'iteration', value: 58 },
    ],
  },
  links: [{ type: 'CAUSE', target: 'b' }],
};

function meets(raw: string): boolean {
  const [condition] = parseErQuery(raw, new Set()).conditions;
  if (condition === undefined) throw new Error('no condition');
  return meetsCondition(event, condition);
}

describe('meetsCondition', () => {
  it('reaches into arrays on the way and at the end', () => {
    expect(valuesAt(event, ['data', 'customData', 'value'])).toEqual(['first', 58]);
    expect(valuesAt(event, ['meta', 'tags'])).toEqual(['x', 'y']);
    expect(meets('data.customData.key=iteration')).toBe(true);
    expect(meets('meta.tags=y')).toBe(true);
    expect(meets('links.type=CAUSE')).toBe(true);
  });

  it('compares text as text, numbers as numbers, and true/false/null by name', () => {
    expect(meets('data.identity=pkg:npm/tracey@1.2.3')).toBe(true);
    expect(meets('data.size=42')).toBe(true);
    expect(meets('data.size=42.0')).toBe(true);
    expect(meets('data.size>=42')).toBe(true);
    expect(meets('data.size>100')).toBe(false);
    expect(meets('data.size<100')).toBe(true);
    expect(meets('data.identity>pkg:a')).toBe(true);
    expect(meets('data.ok=true')).toBe(true);
    expect(meets('data.none=null')).toBe(true);
    expect(meets('int(data.size)=42')).toBe(true);
    expect(meets('int(data.identity)>0')).toBe(false);
  });

  it('treats != as "no value equals" and a missing field as meeting only != and missing', () => {
    expect(meets('meta.tags!=z')).toBe(true);
    expect(meets('meta.tags!=x')).toBe(false);
    expect(meets('data.nothing!=x')).toBe(true);
    expect(meets('data.nothing=x')).toBe(false);
    expect(meets('data.nothing<x')).toBe(false);
    expect(meets('data.nothing')).toBe(false);
    expect(meets('!data.nothing')).toBe(true);
    expect(meets('data.none')).toBe(true);
  });

  it('matches a regular expression anywhere in text values only', () => {
    expect(meets('data.identity~^pkg:npm/')).toBe(true);
    expect(meets('data.identity~tracey')).toBe(true);
    expect(meets('data.identity~^tracey')).toBe(false);
    expect(meets('data.size~4')).toBe(false);
  });
});
