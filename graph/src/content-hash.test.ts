import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './content-hash.js';

describe('contentHash', () => {
  it('ignores key order and whitespace, not values', () => {
    const a = JSON.parse('{"meta":{"id":"1","time":2},"links":[{"type":"CAUSE","target":"x"}]}') as unknown;
    const b = JSON.parse(
      '{ "links": [ { "target": "x", "type": "CAUSE" } ], "meta": { "time": 2, "id": "1" } }',
    ) as unknown;
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(
      contentHash({ meta: { id: '1', time: 3 }, links: [{ type: 'CAUSE', target: 'x' }] }),
    );
    // Array order is content: links in another order are another event text.
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('writes canonical JSON', () => {
    expect(canonicalJson({ b: [true, null, 'x'], a: { d: 1, c: 'é' } })).toBe(
      '{"a":{"c":"é","d":1},"b":[true,null,"x"]}',
    );
  });
});
