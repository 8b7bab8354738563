import { httpOutcome, send, type ActionContext, type ActionOutcome } from './action-outcome.js';
import { CAUSE_PARAMETER } from '../notification/notification-events.js';
import { renderParameters } from './template.js';
import type { WebhookAction } from './trigger-rule.js';

/**
 * POSTs `{rule, TRACEY_CAUSE, parameters, event}` as JSON to the rule's URL, with a bearer token
 * from the environment variable the rule names. Any 2xx is success.
 */
export async function callWebhook(action: WebhookAction, context: ActionContext): Promise<ActionOutcome> {
  const parameters = renderParameters(action.parameters, context.event);
  if (!parameters.ok) return { kind: 'failed', reason: parameters.reason };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (action.bearerEnv !== undefined)
    headers['authorization'] = `Bearer ${context.env[action.bearerEnv] ?? ''}`;
  const body = JSON.stringify({
    rule: context.ruleName,
    [CAUSE_PARAMETER]: context.eventId,
    parameters: parameters.value,
    event: context.event,
  });
  const url = new URL(action.url);
  const response = await send(url, { method: 'POST', headers, body }, context.signal, 'webhook');
  if (!(response instanceof Response)) return response;
  return httpOutcome(response, 'webhook', `webhook ${url.host} answered ${response.status}`);
}
