import { describe, expect, it } from 'vitest';
import { filterQuery, isLookupLink } from './event-lookup.js';

describe('filterQuery', () => {
  it('encodes each filter whole, splitting arguments at &', () => {
    expect(filterQuery(['meta.type=A&data.identity~^pkg:npm/', ' meta.time>=5 ', '!data.x', ''])).toBe(
      'meta.type%3DA&data.identity~%5Epkg%3Anpm%2F&meta.time%3E%3D5&!data.x',
    );
  });
});

describe('isLookupLink', () => {
  it('knows TYPE=lookup:<filters> from TYPE=ID', () => {
    expect(isLookupLink('ARTIFACT=lookup:meta.type=EiffelArtifactCreatedEvent')).toBe(true);
    expect(isLookupLink('CAUSE=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee')).toBe(false);
    expect(isLookupLink('lookup:meta.type=X')).toBe(false);
  });
});
