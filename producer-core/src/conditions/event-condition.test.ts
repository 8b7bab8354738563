import { describe, expect, it } from 'vitest';
import { eventConditionSchema, evaluateConditions, testCondition } from './event-condition.js';
import { parseEventPath, readEventPath } from './event-path.js';
import { parseWhereExpression } from './where-expression.js';

const event = {
  meta: { id: 'e1', type: 'EiffelConfidenceLevelModifiedEvent', version: '3.0.0', time: 1 },
  data: { name: 'readyForRelease', value: 'SUCCESS', size: 3, identity: 'pkg:npm/%40acme/app@1.0.0' },
  links: [
    { type: 'SUBJECT', target: 'a1' },
    { type: 'CAUSE', target: 'c1' },
  ],
};

const condition = (input: unknown) => eventConditionSchema.parse(input);

describe('event paths', () => {
  it('reads names, indexes and * over arrays', () => {
    const read = (text: string) => {
      const parsed = parseEventPath(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      return readEventPath(event, parsed.path);
    };
    expect(read('data.name')).toEqual(['readyForRelease']);
    expect(read('$.meta.type')).toEqual(['EiffelConfidenceLevelModifiedEvent']);
    expect(read('links.1.target')).toEqual(['c1']);
    expect(read('links.*.type')).toEqual(['SUBJECT', 'CAUSE']);
    expect(read('links.7.type')).toEqual([]);
    expect(read('links[type=CAUSE].target')).toEqual(['c1']);
    expect(read('links[type=IUT].target')).toEqual([]);
    expect(read('data[name=x]')).toEqual([]);
    expect(read('data.name.deeper')).toEqual([]);
  });

  it('never follows inherited properties', () => {
    expect(readEventPath(event, ['__proto__'])).toEqual([]);
    expect(readEventPath(event, ['data', 'constructor'])).toEqual([]);
  });

  it('refuses what is not a plain dotted path', () => {
    for (const text of [
      '',
      'data..x',
      'data[0]',
      'a.b()',
      'data.$x',
      'links[type=]',
      'links[type=a.b]',
      '[type=X]',
    ]) {
      expect(parseEventPath(text).ok, text).toBe(false);
    }
  });
});

describe('conditions', () => {
  it('equals compares scalars, across JSON types by their text', () => {
    expect(testCondition(condition({ path: 'data.value', equals: 'SUCCESS' }), event)).toBe(true);
    expect(testCondition(condition({ path: 'data.size', equals: '3' }), event)).toBe(true);
    expect(testCondition(condition({ path: 'data.value', equals: 'FAILURE' }), event)).toBe(false);
    expect(testCondition(condition({ path: 'data.missing', equals: 'x' }), event)).toBe(false);
  });

  it('matches, oneOf, exists and notEquals', () => {
    expect(testCondition(condition({ path: 'data.identity', matches: '^pkg:npm/' }), event)).toBe(true);
    expect(testCondition(condition({ path: 'data.size', matches: '3' }), event)).toBe(false);
    expect(testCondition(condition({ path: 'data.value', oneOf: ['FAILURE', 'SUCCESS'] }), event)).toBe(true);
    expect(testCondition(condition({ path: 'data.missing', exists: false }), event)).toBe(true);
    expect(testCondition(condition({ path: 'links.*.type', notEquals: 'CAUSE' }), event)).toBe(false);
    expect(testCondition(condition({ path: 'links.*.type', notEquals: 'IUT' }), event)).toBe(true);
  });

  it('holds for any member a * reaches', () => {
    expect(testCondition(condition({ path: 'links.*.type', equals: 'CAUSE' }), event)).toBe(true);
  });

  it('says which condition failed', () => {
    const result = evaluateConditions(
      [
        condition({ path: 'data.name', equals: 'readyForRelease' }),
        condition({ path: 'data.value', equals: 'FAILURE' }),
      ],
      event,
    );
    expect(result).toEqual({ ok: false, reason: 'not: data.value equals "FAILURE"' });
    expect(evaluateConditions([], event)).toEqual({ ok: true });
  });

  it('rejects a condition without exactly one operator, a bad pattern or a bad path', () => {
    const messages = (input: unknown) =>
      eventConditionSchema
        .safeParse(input)
        .error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages({ path: 'data.x' })).toEqual([
      ': needs exactly one of equals, notEquals, matches, oneOf, exists',
    ]);
    expect(messages({ path: 'data.x', equals: 1, matches: 'a' })).toHaveLength(1);
    expect(messages({ path: 'data.x', matches: '(' })?.[0]).toMatch(/^matches: is not a regular expression/);
    expect(messages({ path: 'data[0]', equals: 1 })?.[0]).toMatch(/^path: segment "data\[0\]"/);
    expect(evaluateConditions([condition({ path: 'links[type=IUT].target', exists: true })], event)).toEqual({
      ok: false,
      reason: 'not: links[type=IUT].target exists',
    });
    expect(messages({ path: 'data.x', equals: 1, extra: 2 })?.[0]).toMatch(/extra/);
  });
});

describe('parseWhereExpression', () => {
  const holds = (text: string) => {
    const parsed = parseWhereExpression(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return testCondition(parsed.condition, event);
  };

  it('reads =, !=, ~ and ?', () => {
    expect(holds('data.identity~^pkg:npm/')).toBe(true);
    expect(holds('data.identity~^pkg:maven/')).toBe(false);
    expect(holds('data.value=SUCCESS')).toBe(true);
    expect(holds('data.value!=SUCCESS')).toBe(false);
    expect(holds('data.name?')).toBe(true);
    expect(holds('data.nope?')).toBe(false);
  });

  it('keeps = signs in the value', () => {
    const parsed = parseWhereExpression('data.x=a=b');
    expect(parsed.ok && parsed.condition.equals).toBe('a=b');
  });

  it('explains what is wrong', () => {
    expect(parseWhereExpression('no operator')).toMatchObject({ ok: false, reason: /must be path=value/ });
    expect(parseWhereExpression('data.x~(')).toMatchObject({ ok: false, reason: /not a regular expression/ });
  });
});

describe('regular expressions in conditions', () => {
  it('refuses what RE2 lacks, naming the construct', () => {
    expect(parseWhereExpression('data.x~(?=a)b')).toMatchObject({ ok: false, reason: /RE2.*`\(\?=`/ });
    expect(parseWhereExpression('data.x~(a)\\1')).toMatchObject({ ok: false, reason: /`\\1`/ });
    expect(
      eventConditionSchema.safeParse({ path: 'data.x', matches: 'a++' }).error?.issues[0]?.message,
    ).toMatch(/`\+\+`/);
  });

  it('tests catastrophic patterns over values built to make backtracking explode in linear time', () => {
    const hostile = {
      ...event,
      data: { ...event.data, identity: `${'a'.repeat(30_000)}!`, name: 'a'.repeat(30) },
    };
    for (const pattern of ['^(a+)+$', '(.*a){25}', '^(a|aa)+$', '^(a*)*$']) {
      for (const path of ['data.identity', 'data.name']) {
        const parsed = parseWhereExpression(`${path}~${pattern}`);
        if (!parsed.ok) throw new Error(parsed.reason);
        const started = performance.now();
        testCondition(parsed.condition, hostile);
        // Backtracking here takes hours; a second leaves room for a loaded CI machine.
        expect(performance.now() - started, `${path}~${pattern}`).toBeLessThan(1_000);
      }
    }
  });
});
