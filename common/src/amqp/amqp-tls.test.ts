import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { sharedVars } from '../config/shared-vars.js';
import { amqpTlsSocketOptions } from './amqp-tls.js';

describe('amqpTlsSocketOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracey-amqp-tls-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');

  it('gives the CA the environment names to amqps:// connections only', () => {
    const env = { TRACEY_AMQP_CA_FILE: ca };
    expect(amqpTlsSocketOptions('amqp://h:5672', env)).toEqual({});
    const options = amqpTlsSocketOptions('amqps://u:p@h:5671', env);
    expect(options.ca?.[0]?.toString()).toContain('BEGIN CERTIFICATE');
    expect(options.cert).toBeUndefined();
    expect(amqpTlsSocketOptions('amqps://h', {})).toEqual({});
  });

  it('names the variable of a file it cannot read', () => {
    expect(() => amqpTlsSocketOptions('amqps://h', { TRACEY_AMQP_KEY_FILE: join(dir, 'gone.key') })).toThrow(
      /TRACEY_AMQP_KEY_FILE: cannot read .*gone\.key: ENOENT/,
    );
  });

  it('is checked at start: a file variable naming nothing readable is a config error naming it', () => {
    const spec = { amqpCaFile: sharedVars.amqpCaFile };
    expect(parseConfig(spec, { TRACEY_AMQP_CA_FILE: ca })).toEqual({ ok: true, config: { amqpCaFile: ca } });
    const bad = parseConfig(spec, { TRACEY_AMQP_CA_FILE: join(dir, 'nope.pem') });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toMatch(/TRACEY_AMQP_CA_FILE.*cannot read .*nope\.pem: ENOENT/);
  });
});
