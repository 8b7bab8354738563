import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceyError } from '@tracey/common';
import { DEFAULT_DORA_CONFIG, loadDoraConfig, parseDoraConfig } from './dora-config.js';

const DAY = 86_400_000;

function failure(run: () => unknown): TraceyError {
  try {
    run();
  } catch (error) {
    if (error instanceof TraceyError) return error as TraceyError;
    throw error;
  }
  throw new Error('no error');
}

describe('parseDoraConfig', () => {
  it('gives the defaults without a file: prod|production in any case, deploy activities, 30 and 7 days', () => {
    const config = loadDoraConfig(undefined);
    expect(config).toBe(DEFAULT_DORA_CONFIG);
    expect(['prod', 'PRODUCTION', 'Prod'].map((e) => config.production.test(e))).toEqual([true, true, true]);
    expect(['preprod', 'production-eu', 'staging'].map((e) => config.production.test(e))).toEqual([
      false,
      false,
      false,
    ]);
    expect(config.deployActivity.test('Deploy shop')).toBe(true);
    expect(config.deployActivity.test('build shop')).toBe(false);
    expect([config.seedWindowMs, config.incidentWindowMs]).toEqual([30 * DAY, 7 * DAY]);
    expect(config.teams).toEqual([]);
  });

  it('reads YAML and JSON, and em-metrics-style team entries (extra members ignored)', () => {
    const yaml = parseDoraConfig(
      'productionEnvironments: "^live$"\nseedWindowDays: 14\nteams:\n  - name: payments\n    services: [billing, ledger]\n    members: [ana]\n',
      'dora.yaml',
    );
    expect(yaml.production.test('LIVE')).toBe(true);
    expect(yaml.seedWindowMs).toBe(14 * DAY);
    expect(yaml.teams).toEqual([{ name: 'payments', services: ['billing', 'ledger'] }]);
    expect(parseDoraConfig('{"incidentWindowDays": 2}', 'dora.json').incidentWindowMs).toBe(2 * DAY);
  });

  it('names the file and every bad field', () => {
    const error = failure(() =>
      parseDoraConfig(
        'seedWindowDays: -1\nproductionEnvironments: "("\nteams: [{services: [a]}]\ncolour: red\n',
        'dora.yaml',
      ),
    );
    expect(error.code).toBe('DORA_CONFIG_INVALID');
    for (const field of [
      'dora.yaml: seedWindowDays',
      'dora.yaml: productionEnvironments',
      'dora.yaml: teams.0.name',
      'colour',
    ]) {
      expect(error.message).toContain(field);
    }
  });

  it('refuses a team named twice, and text that is no YAML', () => {
    expect(failure(() => parseDoraConfig('teams: [{name: a}, {name: a}]', 'x.yaml')).message).toBe(
      'x.yaml: teams.1.name: "a" is used twice',
    );
    expect(failure(() => parseDoraConfig('a: [', 'x.yaml')).code).toBe('DORA_CONFIG_INVALID');
  });

  it('says which file cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dora-config-'));
    expect(failure(() => loadDoraConfig(join(dir, 'missing.yaml'))).code).toBe('DORA_CONFIG_UNREADABLE');
    writeFileSync(join(dir, 'ok.yaml'), 'seedWindowDays: 1\n');
    expect(loadDoraConfig(join(dir, 'ok.yaml')).seedWindowMs).toBe(DAY);
  });
});
