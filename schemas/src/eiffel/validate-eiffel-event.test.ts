import { describe, expect, it } from 'vitest';
import { validateEiffelEvent } from './validate-eiffel-event.js';

const ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0';
const TRIGGER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee1';

function finished(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    meta: { id: ID, type: 'EiffelActivityFinishedEvent', version: '4.1.1', time: 1_700_000_000_000 },
    data: { outcome: { conclusion: 'SUCCESSFUL' } },
    links: [{ type: 'ACTIVITY_EXECUTION', target: TRIGGER }],
    ...overrides,
  };
}

function errorsOf(input: unknown) {
  const result = validateEiffelEvent(input);
  return result.ok ? [] : result.errors;
}

describe('validateEiffelEvent', () => {
  it('accepts a valid event as verified', () => {
    expect(validateEiffelEvent(finished())).toMatchObject({ ok: true, verified: true });
  });

  it('reports every issue with its exact path and a precise message', () => {
    const errors = errorsOf(
      finished({
        meta: { id: ID, type: 'EiffelActivityFinishedEvent', version: '4.1.1', time: '1700000000000' },
        data: { outcome: { conclusion: 'WON' }, extra: 1 },
        links: [{ type: 'ACTIVITY_EXECUTION', target: TRIGGER }, { type: 'FLOW_CONTEXT' }],
      }),
    );
    expect(errors).toEqual([
      { path: 'meta.time', code: 'type', message: 'must be an integer, got "1700000000000"' },
      {
        path: 'data.outcome.conclusion',
        code: 'enum',
        message:
          'must be one of SUCCESSFUL, UNSUCCESSFUL, FAILED, ABORTED, TIMED_OUT, INCONCLUSIVE; got "WON"',
      },
      { path: 'data.extra', code: 'unknown_member', message: 'is not a member the definition allows' },
      { path: 'links[1].target', code: 'required', message: 'is required' },
    ]);
  });

  it('checks the link rules the official schemas miss', () => {
    const errors = errorsOf(
      finished({
        links: [
          { type: 'CONTEXT', target: TRIGGER },
          { type: 'CONTEXT', target: TRIGGER },
          { type: 'ELEMENT', target: TRIGGER },
        ],
      }),
    );
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['links[1].type', 'link_repeated'],
      ['links[2].type', 'link_type_illegal'],
      ['links', 'link_missing'],
    ]);
    expect(errors[2]?.message).toBe(
      'required link ACTIVITY_EXECUTION of EiffelActivityFinishedEvent 4.1.1 is missing',
    );
  });

  it('checks link targets are UUIDs in old versions whose schema does not', () => {
    const old = finished({
      meta: { id: ID, type: 'EiffelActivityFinishedEvent', version: '1.0.0', time: 1 },
      links: [{ type: 'ACTIVITY_EXECUTION', target: 'build-42' }],
    });
    expect(errorsOf(old)).toEqual([expect.objectContaining({ path: 'links[0].target', code: 'pattern' })]);
  });

  it('validates meta.tags, meta.security and data.customData generically', () => {
    const event = finished({
      meta: {
        id: ID,
        type: 'EiffelActivityFinishedEvent',
        version: '4.1.1',
        time: 1,
        tags: ['a', 2],
        security: { authorIdentity: 'me', integrityProtection: { alg: 'MD5', signature: 'AA==' } },
      },
      data: { outcome: { conclusion: 'FAILED' }, customData: [{ key: 'k' }, { key: 'n', value: null }] },
    });
    expect(errorsOf(event).map((e) => e.path)).toEqual([
      'meta.tags[1]',
      'meta.security.integrityProtection.alg',
      'data.customData[0].value',
    ]);
  });

  it('rejects members beside meta, data and links, even where upstream forgot to (IssueDefined)', () => {
    const issue = {
      meta: { id: ID, type: 'EiffelIssueDefinedEvent', version: '4.0.1', time: 1 },
      data: { type: 'BUG', tracker: 'JIRA', id: 'T-1', uri: 'https://x/T-1' },
      links: [],
      extra: true,
    };
    expect(errorsOf(issue)).toEqual([expect.objectContaining({ path: 'extra', code: 'unknown_member' })]);
  });

  it('accepts an unknown type or version with a valid envelope, flagged unverified', () => {
    const future = finished({
      meta: { id: ID, type: 'EiffelActivityFinishedEvent', version: '9.0.0', time: 1 },
    });
    expect(validateEiffelEvent(future)).toMatchObject({
      ok: true,
      verified: false,
      reason: 'unknown version 9.0.0 of EiffelActivityFinishedEvent (latest known 4.1.1)',
    });
    const alien = finished({ meta: { id: ID, type: 'EiffelAlienLandedEvent', version: '1.0.0', time: 1 } });
    expect(validateEiffelEvent(alien)).toMatchObject({ ok: true, verified: false });
  });

  it('rejects an unknown type whose envelope is broken', () => {
    const broken = {
      meta: { id: 'x', type: 'constructor', version: '1.0.0' },
      data: {},
      links: [{ type: 1 }],
    };
    expect(errorsOf(broken).map((e) => e.path)).toEqual([
      'meta.id',
      'meta.time',
      'links[0].type',
      'links[0].target',
    ]);
  });

  it('reports non-objects at the root', () => {
    expect(errorsOf(null)).toEqual([{ path: '', code: 'type', message: 'must be an object, got null' }]);
    expect(errorsOf([])).toEqual([{ path: '', code: 'type', message: 'must be an object, got an array' }]);
  });
});
