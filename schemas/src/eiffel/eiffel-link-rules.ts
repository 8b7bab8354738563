import { EIFFEL_EVENT_TYPES, EVENT_DEFINITIONS } from '../generated/eiffel-definitions.js';
import type { LinkRule, LinkRuleTable } from '../internal/definition-model.js';
import { own } from '../internal/own.js';
import type { EiffelEventType } from './eiffel-event.js';
import { versionDefinition } from './eiffel-definitions-lookup.js';

/**
 * The protocol's link rules, by source event type, then version, then link type: whether the
 * link is required, whether it may repeat, and the event types it may target. Validation checks
 * all but the target types, which need the target event: the aggregator checks those once both
 * events are in the graph (see {@link isLegalLinkTarget}).
 */
export const EIFFEL_LINK_RULES: Readonly<Record<EiffelEventType, Readonly<Record<string, LinkRuleTable>>>> =
  Object.fromEntries(
    EIFFEL_EVENT_TYPES.map((type) => [
      type,
      Object.fromEntries(
        Object.entries(EVENT_DEFINITIONS[type]?.versions ?? {}).map(([version, def]) => [version, def.links]),
      ),
    ]),
  ) as Record<EiffelEventType, Readonly<Record<string, LinkRuleTable>>>;

/** Link rules of `type` at `version` (default: latest); `undefined` when either is unknown. */
export function eiffelLinkRules(type: string, version?: string): LinkRuleTable | undefined {
  return versionDefinition(type, version)?.links;
}

/** The rule for one link type of one event type version; `undefined` when not legal or unknown. */
export function eiffelLinkRule(type: string, version: string, linkType: string): LinkRule | undefined {
  const rules = eiffelLinkRules(type, version);
  return rules === undefined ? undefined : own(rules, linkType);
}

/**
 * Whether a `linkType` link from a `sourceType`@`sourceVersion` event may point at a `targetType`
 * event: `true`/`false`, or `undefined` when the source type, version or link type is unknown.
 */
export function isLegalLinkTarget(
  sourceType: string,
  sourceVersion: string,
  linkType: string,
  targetType: string,
): boolean | undefined {
  const rule = eiffelLinkRule(sourceType, sourceVersion, linkType);
  if (rule === undefined) return undefined;
  return rule.targetTypes === 'any' || rule.targetTypes.includes(targetType);
}
