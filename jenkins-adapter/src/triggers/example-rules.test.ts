import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTriggerRules } from './load-trigger-rules.js';

const file = fileURLToPath(new URL('../../../examples/triggers.yaml', import.meta.url));
const env = {
  JENKINS_USER: 'ci',
  JENKINS_API_TOKEN: 'token',
  JENKINS_PASSWORD: 'password',
  CHAT_HOOK_TOKEN: 'hook',
};

describe('examples/triggers.yaml', () => {
  it('is a valid rules file', () => {
    const result = parseTriggerRules(readFileSync(file, 'utf8'), file, env);
    expect(result.ok ? [] : result.error.details['reasons']).toEqual([]);
    expect(result.ok && result.rules.map((rule) => [rule.name, rule.action.type])).toEqual([
      ['test-npm-packages', 'jenkins'],
      ['deploy-release-candidates', 'jenkins'],
      ['report-failed-tests', 'webhook'],
      ['mark-published-packages', 'publish'],
    ]);
  });

  it('names every secret it needs as an environment variable', () => {
    const result = parseTriggerRules(readFileSync(file, 'utf8'), file, {});
    expect(result.ok ? [] : result.error.details['reasons']).toHaveLength(5);
  });
});
