import { eventConditionSchema, type EventCondition } from './event-condition.js';

const WHERE = /^([$A-Za-z0-9_.*-]+?)(!=|=|~|\?)(.*)$/s;

/**
 * Parses the short form of a condition used on command lines:
 * `path=value` (equals), `path!=value`, `path~regex` (matches), `path?` (exists).
 */
export function parseWhereExpression(
  text: string,
): { ok: true; condition: EventCondition } | { ok: false; reason: string } {
  const match = WHERE.exec(text);
  const [, path, operator, operand = ''] = match ?? [];
  if (path === undefined || operator === undefined || (operator === '?' && operand !== '')) {
    return {
      ok: false,
      reason: 'must be path=value, path!=value, path~regex or path?, e.g. data.identity~^pkg:npm/',
    };
  }
  const key = { '=': 'equals', '!=': 'notEquals', '~': 'matches', '?': 'exists' }[operator];
  const parsed = eventConditionSchema.safeParse({
    path,
    [key ?? 'equals']: operator === '?' ? true : operand,
  });
  if (parsed.success) return { ok: true, condition: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((issue) => issue.message).join('; ') };
}
