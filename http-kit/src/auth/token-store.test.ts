import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkScope,
  hashToken,
  newToken,
  parseTokensFile,
  TokenStore,
  type ScopeRefusal,
} from './token-store.js';

const dir = mkdtempSync(`${tmpdir()}/tracey-tokens-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (token: string) => createHash('sha256').update(token).digest('hex');

function file(text: string): string {
  const path = `${dir}/tokens-${Math.random().toString(36).slice(2)}.yaml`;
  writeFileSync(path, text);
  return path;
}

const refuse = (refusal: ScopeRefusal) => new Error(refusal);

describe('parseTokensFile', () => {
  it('reads named tokens with scopes and a hash, YAML or JSON', () => {
    const yaml = `tokens:\n  - name: ci\n    scopes: [publish]\n    sha256: ${sha('a')}\n`;
    expect(parseTokensFile(yaml)).toEqual([{ name: 'ci', scopes: ['publish'], sha256: sha('a') }]);
    expect(
      parseTokensFile(JSON.stringify({ tokens: [{ name: 'ci', scopes: ['publish'], sha256: sha('a') }] })),
    ).toHaveLength(1);
  });

  it.each([
    [`tokens:\n  - name: ci\n    scopes: [deploy]\n    sha256: ${sha('a')}`, 'tokens.0.scopes.0'],
    [`tokens:\n  - name: ci\n    scopes: [read]\n    sha256: not-a-hash`, 'tokens.0.sha256'],
    [`tokens:\n  - name: ci\n    scopes: [read]`, 'give one hash of the token'],
    [`tokens:\n  - name: ci\n    scopes: [read]\n    token: plain-text`, 'tokens.0'],
    [
      `tokens:\n  - {name: a, scopes: [read], sha256: ${sha('a')}}\n  - {name: a, scopes: [read], sha256: ${sha('b')}}`,
      'unique',
    ],
    ['tokens: [', 'not YAML or JSON'],
  ])('refuses %j naming %s', (text, named) => {
    expect(() => parseTokensFile(text, 'tokens.yaml')).toThrow(named);
  });
});

describe('TokenStore', () => {
  const ci = newToken();
  const reader = newToken();
  const admin = newToken();
  const path = file(
    [
      'tokens:',
      `  - {name: ci, scopes: [publish, trigger], sha256: ${hashToken(ci)}}`,
      `  - {name: dashboards, scopes: [read], scrypt: "${hashToken(reader, 'scrypt')}"}`,
    ].join('\n'),
  );
  const store = new TokenStore({ file: path, single: { name: 'TRACEY_API_TOKEN', token: admin } });

  it('knows each token by its hash, and the single token with every scope', () => {
    expect(store.identify(ci)).toEqual({ name: 'ci', scopes: new Set(['publish', 'trigger']) });
    expect(store.identify(reader)).toEqual({ name: 'dashboards', scopes: new Set(['read']) });
    expect(store.identify(reader)?.name).toBe('dashboards'); // remembered
    expect([...(store.identify(admin)?.scopes ?? [])].sort()).toEqual([
      'admin',
      'cypher',
      'publish',
      'read',
      'trigger',
    ]);
    expect(store.identify('not-a-token')).toBeUndefined();
    expect(store.identify(`${ci}x`)).toBeUndefined();
  });

  it('answers 401 without a token or with an unknown one, 403 without the scope', () => {
    expect(() => checkScope(undefined, store, 'read', refuse)).toThrow('missing');
    expect(() => checkScope('Basic abc', store, 'read', refuse)).toThrow('missing');
    expect(() => checkScope('Bearer nope', store, 'read', refuse)).toThrow('wrong');
    expect(() => checkScope(`Bearer ${ci}`, store, 'read', refuse)).toThrow('forbidden');
    expect(checkScope(`Bearer ${ci}`, store, 'publish', refuse).name).toBe('ci');
    expect(checkScope(`bearer ${reader}`, store, 'read', refuse).name).toBe('dashboards');
  });

  it('reloads the file (SIGHUP), and keeps the old tokens when the new file is bad', () => {
    const changing = file(`tokens:\n  - {name: old, scopes: [read], sha256: ${hashToken('old-token')}}`);
    const reloading = new TokenStore({ file: changing });
    expect(reloading.identify('old-token')?.name).toBe('old');
    writeFileSync(changing, `tokens:\n  - {name: new, scopes: [read], sha256: ${hashToken('new-token')}}`);
    reloading.reload();
    expect(reloading.identify('old-token')).toBeUndefined();
    expect(reloading.identify('new-token')?.name).toBe('new');
    writeFileSync(changing, 'tokens: [{name: broken}]');
    expect(() => reloading.reload()).toThrow(/tokens\.0/);
    expect(reloading.identify('new-token')?.name).toBe('new');
  });

  it('is not configured with neither a file nor a single token', () => {
    expect(new TokenStore({ single: { name: 'TRACEY_API_TOKEN', token: undefined } }).configured).toBe(false);
    expect(store.configured).toBe(true);
  });
});
