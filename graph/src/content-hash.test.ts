import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '@tracey/schemas/testing';
import { canonicalJson, sameContent, textHash } from './content-hash.js';

const hashed = (json: string) => ({ hash: textHash(json), json });

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

describe('canonicalJson', () => {
  it('ignores key order and whitespace, not values', () => {
    const a = JSON.parse('{"meta":{"id":"1","time":2},"links":[{"type":"CAUSE","target":"x"}]}') as unknown;
    const b = JSON.parse(
      '{ "links": [ { "target": "x", "type": "CAUSE" } ], "meta": { "time": 2, "id": "1" } }',
    ) as unknown;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).not.toBe(
      canonicalJson({ meta: { id: '1', time: 3 }, links: [{ type: 'CAUSE', target: 'x' }] }),
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

describe('sameContent', () => {
  it('tells the same value in another key order or spacing from another value', () => {
    const stored = '{"meta":{"id":"1","time":2},"links":[{"type":"CAUSE","target":"x"}]}';
    const reordered = '{ "links": [ { "target": "x", "type": "CAUSE" } ], "meta": { "time": 2, "id": "1" } }';
    expect(textHash(reordered)).not.toBe(textHash(stored));
    expect(sameContent(hashed(stored), hashed(reordered))).toBe(true);
    expect(sameContent(hashed(stored), hashed(stored))).toBe(true);
    expect(sameContent(hashed(stored), hashed(stored.replace('"time":2', '"time":3')))).toBe(false);
    expect(sameContent(hashed('[1,2]'), hashed('[2,1]'))).toBe(false);
    // An equal hash is the same content without reading the texts.
    expect(sameContent({ hash: 'h', json: '' }, { hash: 'h', json: '' })).toBe(true);
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
      expect(sameContent(hashed(JSON.stringify(event)), hashed(JSON.stringify(reverse(event))))).toBe(true);
    }
  });
});
