import { eiffelEventFromArgs, type Output } from '@tracey/producer-core';
import { eiffelProtocol, encodeForPublish } from '@tracey/schemas';
import { uuidV5 } from '../notification/event-ids.js';
import type { ActionContext, ActionOutcome } from './action-outcome.js';
import { renderJson, renderText } from './template.js';
import type { PublishAction } from './trigger-rule.js';

/** Namespace of the ids of events rules publish (a fixed random UUID; never change it). */
export const TRIGGER_ID_NAMESPACE = '9b2f4c71-0d3e-4a8b-b6e5-2c7d1f0a9e43';

/**
 * The id of the event a rule publishes for a triggering event: a name-based UUID of both, so a
 * second attempt publishes the same event again, which the aggregator stores once.
 */
export function publishedEventId(ruleName: string, eventId: string): string {
  return uuidV5(TRIGGER_ID_NAMESPACE, `${ruleName}\n${eventId}`);
}

/** Builds the rule's event (with a CAUSE link to the triggering one) and publishes it to `output`. */
export async function publishEvent(
  action: PublishAction,
  context: ActionContext,
  output: Output,
): Promise<ActionOutcome> {
  const data = renderJson(action.data, context.event);
  if (!data.ok) return { kind: 'failed', reason: `data: ${data.reason}` };
  const links = [`CAUSE=${context.eventId}`];
  for (const [index, link] of action.links.entries()) {
    const target = renderText(link.target, context.event);
    if (!target.ok) return { kind: 'failed', reason: `links.${index}.target: ${target.reason}` };
    links.push(`${link.type}=${target.value}`);
  }
  const id = publishedEventId(context.ruleName, context.eventId);
  const built = eiffelEventFromArgs({
    type: action.eventType,
    data: data.value,
    links,
    id,
    ...(action.domainId === undefined ? {} : { domainId: action.domainId }),
  });
  if (!built.ok) {
    const issues = built.issues.map((issue) => `${issue.path || '(event)'}: ${issue.message}`);
    return { kind: 'failed', reason: `the event to publish is invalid: ${issues.join('; ')}` };
  }
  const encoded = encodeForPublish(eiffelProtocol, built.event);
  if (!encoded.ok)
    return { kind: 'failed', reason: `the event to publish is invalid: ${encoded.errors[0]?.message ?? ''}` };
  const result = await output.publish([encoded.message]);
  if (result.kind === 'success') return { kind: 'done', detail: `published ${action.eventType} ${id}` };
  return { kind: result.kind === 'retryable' ? 'retryable' : 'failed', reason: result.reason };
}
