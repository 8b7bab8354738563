import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { parseErQuery } from './er-filter.js';

const OPTIONS = new Set(['pageNo', 'pageSize', 'readable']);

function refusal(raw: string): { message: string; parameter: unknown } {
  try {
    parseErQuery(raw, OPTIONS);
  } catch (error) {
    if (isTraceyError(error, 'API_BAD_REQUEST')) {
      return { message: error.message, parameter: error.details['parameter'] };
    }
    throw error;
  }
  throw new Error(`accepted ${raw}`);
}

describe('parseErQuery', () => {
  it('splits filters from paging options, with every operator', () => {
    const query = parseErQuery(
      'meta.type=EiffelArtifactCreatedEvent&pageNo=2&meta.time%3E=1000&meta.time<2000&data.name!=x' +
        '&data.identity~^pkg:npm/&data.x~=a.c&int(data.size)>=10&double(data.r)<0.5&data.gone&!data.absent&readable=true',
      OPTIONS,
    );
    expect(query.options).toEqual({ pageNo: '2', readable: 'true' });
    expect(query.conditions.map((c) => [c.field, c.op, c.value, c.cast])).toEqual([
      ['meta.type', '=', 'EiffelArtifactCreatedEvent', undefined],
      ['meta.time', '>=', '1000', undefined],
      ['meta.time', '<', '2000', undefined],
      ['data.name', '!=', 'x', undefined],
      ['data.identity', '~', '^pkg:npm/', undefined],
      ['data.x', '~', 'a.c', undefined],
      ['data.size', '>=', '10', 'int'],
      ['data.r', '<', '0.5', 'double'],
      ['data.gone', 'exists', '', undefined],
      ['data.absent', 'missing', '', undefined],
    ]);
    expect(query.conditions[0]?.path).toEqual(['meta', 'type']);
  });

  it('decodes values, keeps = inside them and reads + as a space', () => {
    const query = parseErQuery('data.identity=pkg%3Anpm%2Fx%401.2.3%2Bb&data.q=a=b&data.s=x+y', OPTIONS);
    expect(query.conditions.map((c) => c.value)).toEqual(['pkg:npm/x@1.2.3+b', 'a=b', 'x y']);
  });

  it('names the parameter of a malformed part', () => {
    expect(refusal('type=EiffelArtifactCreatedEvent')).toMatchObject({ parameter: 'type' });
    expect(refusal('type=EiffelArtifactCreatedEvent').message).toContain('under meta., data. or links.');
    expect(refusal('pageNo>2')).toMatchObject({ parameter: 'pageNo' });
    expect(refusal('data.identity~(')).toMatchObject({ parameter: 'data.identity' });
    expect(refusal('data.identity~(').message).toContain('regular expression');
    expect(refusal('data.identity~^(?=pkg)').message).toContain('`(?=`');
    expect(refusal('data.identity~(a)\\1').message).toContain('`\\1`');
    expect(refusal('int(data.size)>ten')).toMatchObject({ parameter: 'data.size' });
    expect(refusal('int(data.size)>1.5').message).toContain('an integer');
    expect(refusal('!data.x=1').message).toContain('!field takes no operator');
    expect(refusal('data.x=%E0%A4%A')).toMatchObject({ parameter: 'data.x=%E0%A4%A' });
    expect(refusal(Array.from({ length: 21 }, (_, i) => `data.f${i}=1`).join('&')).message).toContain(
      'at most 20 filters',
    );
  });
});
