import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import {
  bindRefusal,
  bindVar,
  DEV_API_TOKEN,
  isLoopback,
  localUrlHost,
  optionalBindVar,
} from './bind-address.js';

describe('bind addresses', () => {
  it('defaults to loopback and takes IP addresses and host names', () => {
    const spec = {
      bind: bindVar('TRACEY_BIND', '127.0.0.1', 'x'),
      api: optionalBindVar('TRACEY_API_BIND', 'x'),
    };
    expect(parseConfig(spec, {})).toEqual({ ok: true, config: { bind: '127.0.0.1', api: undefined } });
    for (const bind of ['0.0.0.0', '::', '::1', '10.1.2.3', 'tracey.example.com', 'localhost'])
      expect(parseConfig(spec, { TRACEY_BIND: bind })).toMatchObject({ ok: true, config: { bind } });
    const bad = parseConfig(spec, { TRACEY_API_BIND: 'http://x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues.map((issue) => issue.variable)).toEqual(['TRACEY_API_BIND']);
      expect(bad.issues[0]?.message).toContain('must be an IP address');
    }
  });

  it('tells loopback from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'tracey.example.com', '::ffff:10.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
  });

  it('refuses a non-loopback bind with a development token, naming the variable', () => {
    const dev = [{ variable: 'TRACEY_API_TOKEN', value: DEV_API_TOKEN, devValue: DEV_API_TOKEN }];
    expect(bindRefusal('tracey-api', '127.0.0.1', dev)).toBeUndefined();
    expect(bindRefusal('tracey-api', '0.0.0.0', dev)).toMatch(
      /^tracey-api: refusing to listen on 0\.0\.0\.0.*TRACEY_API_TOKEN/,
    );
    const own = [{ variable: 'TRACEY_API_TOKEN', value: 's3cret-of-my-own', devValue: DEV_API_TOKEN }];
    expect(bindRefusal('tracey-api', '0.0.0.0', own)).toBeUndefined();
  });

  it('gives the local URL host of a wildcard bind', () => {
    expect(localUrlHost('0.0.0.0')).toBe('127.0.0.1');
    expect(localUrlHost('::')).toBe('[::1]');
    expect(localUrlHost('10.0.0.1')).toBe('10.0.0.1');
  });
});
