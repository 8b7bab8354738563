/**
 * One fuzz value for a query or path parameter: `raw` goes into the URL as it is (already
 * percent-encoded, or deliberately broken encoding), so values `encodeURIComponent` cannot
 * express (lone surrogates, bad escapes) reach the server too.
 */
export interface FuzzValue {
  readonly label: string;
  readonly raw: string;
}

const encoded = (value: string): FuzzValue => ({
  label: JSON.stringify(value).slice(0, 60),
  raw: encodeURIComponent(value),
});
const raw = (value: string): FuzzValue => ({ label: `raw ${value.slice(0, 60)}`, raw: value });

const STRINGS = [
  '',
  ' ',
  'a'.repeat(2_000),
  // Numbers: negative, huge, not numbers, other notations.
  '-1',
  '0',
  '-0',
  '1.5',
  '1e3',
  '1e309',
  '-1e309',
  '99999999999999999999999999',
  '9007199254740993',
  '-9007199254740993',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '0b11',
  ' 7 ',
  '７',
  '2147483648',
  '-2147483649',
  // Injection and template strings.
  "' OR 1=1 --",
  '" OR ""="',
  "x') RETURN n //",
  'CAUSE]->() DETACH DELETE n //',
  'X`:Admin',
  '`) MATCH (n) DETACH DELETE n //',
  '$param',
  '{{7*7}}',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"$ne":null}',
  '[object Object]',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  // Dates and ids that almost parse.
  '2026-13-45T99:99:99Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  'aaaaaaaa-0000-4000-8000-00000000000g',
  // Lists and key=value forms some parameters take.
  'EiffelArtifactCreatedEvent,X`:Admin,',
  ',,,',
  'meta.type=EiffelArtifactCreatedEvent&meta.id=',
  'data.identity~=(a+)+$',
  // Unicode.
  '💥🔥',
  'ａｂｃ',
  '\u202egnp.exe',
  '\u200b',
  '\u0000',
  '\r\nX-Injected: 1',
  'é',
  'Ωmega',
];

const RAW = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '%2e%2e%2f', '%25', '+', '%20'];

/** The fixed hostile values, plus `randomCount` random strings from `random` (seeded). */
export function fuzzValues(random: () => number, randomCount: number): FuzzValue[] {
  const values = [...STRINGS.map(encoded), ...RAW.map(raw)];
  for (let index = 0; index < randomCount; index++) {
    const length = Math.floor(random() * 64);
    let text = '';
    for (let char = 0; char < length; char++) {
      // Mostly ASCII, some of the BMP, some astral plane.
      const roll = random();
      const code =
        roll < 0.6
          ? 32 + Math.floor(random() * 95)
          : roll < 0.9
            ? 0xa0 + Math.floor(random() * 0xd000)
            : 0x1f300 + Math.floor(random() * 0x300);
      text += String.fromCodePoint(code);
    }
    values.push(encoded(text));
  }
  return values;
}
