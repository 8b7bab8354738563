import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@tracey/schemas/testing';
import { canonicalJson, contentHash, sameJsonContent, textHash } from './content-hash.js';

// The official Eiffel examples and flows (../shared/fixtures beside the repository): real events.
function officialExamples(): unknown[] {
  const dir = `${fixturesDir()}/eiffel/examples`;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const parsed = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    });
}

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

  it('writes what a sorted JSON.stringify writes, for every official example event', () => {
    // An independent canonical form: JSON.stringify with each object's keys sorted by a replacer.
    const sorted = (value: unknown): string =>
      JSON.stringify(value, (_key, inner: unknown) =>
        inner !== null && typeof inner === 'object' && !Array.isArray(inner)
          ? Object.fromEntries(
              Object.keys(inner)
                .sort()
                .map((key) => [key, (inner as Record<string, unknown>)[key]]),
            )
          : inner,
      );
    const events = officialExamples();
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) expect(canonicalJson(event)).toBe(sorted(event));
    expect(canonicalJson({ z: undefined, y: [undefined, 1], '': { b: 2, a: '\u2028"' } })).toBe(
      sorted({ z: undefined, y: [undefined, 1], '': { b: 2, a: '\u2028"' } }),
    );
  });
});

describe('sameJsonContent', () => {
  it('tells the same value in another key order or spacing from another value', () => {
    const stored = '{"meta":{"id":"1","time":2},"links":[{"type":"CAUSE","target":"x"}]}';
    const reordered = '{ "links": [ { "target": "x", "type": "CAUSE" } ], "meta": { "time": 2, "id": "1" } }';
    expect(textHash(reordered)).not.toBe(textHash(stored));
    expect(sameJsonContent(stored, reordered)).toBe(true);
    expect(sameJsonContent(stored, stored)).toBe(true);
    expect(sameJsonContent(stored, stored.replace('"time":2', '"time":3'))).toBe(false);
    expect(sameJsonContent('[1,2]', '[2,1]')).toBe(false);
  });

  it('holds for every official example event against itself with its keys reversed', () => {
    const reverse = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverse)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([key, inner]) => [key, reverse(inner)]),
            )
          : value;
    for (const event of officialExamples()) {
      expect(sameJsonContent(JSON.stringify(event), JSON.stringify(reverse(event)))).toBe(true);
    }
  });
});
