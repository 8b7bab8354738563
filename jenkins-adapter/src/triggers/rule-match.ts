import { evaluateConditions } from '@tracey/producer-core';
import type { TriggerRule } from './trigger-rule.js';

/**
 * Whether `rule` takes the event: its type is one of the rule's `eventTypes` (any when absent)
 * and every one of its `conditions` holds. Asked for a delivered event and again for a parked
 * one at replay, since a reload may have narrowed the rule meanwhile.
 */
export function ruleMatches(
  rule: Pick<TriggerRule, 'eventTypes' | 'conditions'>,
  eventType: string,
  event: unknown,
): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (rule.eventTypes !== undefined && !rule.eventTypes.some((type) => type === eventType)) {
    return { ok: false, reason: `type ${eventType} is not one the rule takes` };
  }
  return evaluateConditions(rule.conditions, event);
}
