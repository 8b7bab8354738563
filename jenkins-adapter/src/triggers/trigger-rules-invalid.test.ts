import { describe, expect, it } from 'vitest';
import { parseTriggerRules } from './load-trigger-rules.js';

describe('a rules file that cannot be used', () => {
  it.each([
    ['not YAML or JSON', 'rules: [', /^\(file\): not YAML or JSON: /],
    ['a rule without a name', 'rules:\n  - bindingKeys: ["#"]\n    action: { type: jenkins }\n', /name/],
  ])('%s is TRIGGER_RULES_INVALID, every reason listed', (_, text, reason) => {
    const result = parseTriggerRules(text, 'rules.yaml', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('TRIGGER_RULES_INVALID');
    expect(result.error.retryable).toBe(false);
    const reasons = result.error.details['reasons'] as string[];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.some((line) => reason.test(line))).toBe(true);
  });
});
