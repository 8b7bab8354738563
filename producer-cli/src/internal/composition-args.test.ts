import { describe, expect, it } from 'vitest';
import { compositionEventArgs, compositionNameOf } from './composition-args.js';

describe('compositionNameOf', () => {
  it.each([
    ['pkg:npm/%40acme/app@1.4.0', { name: 'pkg:npm/%40acme/app', version: '1.4.0' }],
    ['pkg:maven/com.acme/app@2.0?type=jar#lib', { name: 'pkg:maven/com.acme/app', version: '2.0' }],
    ['pkg:npm/@acme/app', { name: 'pkg:npm/@acme/app' }],
    ['pkg:generic/app', { name: 'pkg:generic/app' }],
  ])('%s → %o', (identity, expected) => {
    expect(compositionNameOf(identity)).toEqual(expected);
  });
});

describe('compositionEventArgs', () => {
  it('links every element and the previous version, and keeps a given id', () => {
    expect(
      compositionEventArgs({ name: 'app', version: '1', elements: ['a', 'b'], previous: 'p', id: 'x' }),
    ).toEqual({
      type: 'EiffelCompositionDefinedEvent',
      id: 'x',
      data: { name: 'app', version: '1' },
      links: ['ELEMENT=a', 'ELEMENT=b', 'PREVIOUS_VERSION=p'],
    });
  });

  it('draws a new id for each composition', () => {
    const parts = { name: 'app', elements: [] };
    expect(compositionEventArgs(parts).id).not.toBe(compositionEventArgs(parts).id);
  });
});
