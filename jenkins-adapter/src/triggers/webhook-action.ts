import { httpOutcome, send, type ActionContext, type ActionOutcome } from './action-outcome.js';
import { CAUSE_PARAMETER } from '../notification/notification-events.js';
import { renderText } from './template.js';
import type { WebhookAction } from './trigger-rule.js';

/**
 * POSTs `{rule, TRACEY_CAUSE, parameters, event}` as JSON to the rule's URL, with a bearer token
 * from the environment variable the rule names. Any 2xx is success.
 */
export async function callWebhook(action: WebhookAction, context: ActionContext): Promise<ActionOutcome> {
  const parameters: Record<string, string> = {};
  for (const [name, template] of Object.entries(action.parameters)) {
    const rendered = renderText(template, context.event);
    if (!rendered.ok) return { kind: 'failed', reason: `parameter ${name}: ${rendered.reason}` };
    parameters[name] = rendered.value;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (action.bearerEnv !== undefined)
    headers['authorization'] = `Bearer ${context.env[action.bearerEnv] ?? ''}`;
  const body = JSON.stringify({
    rule: context.ruleName,
    [CAUSE_PARAMETER]: context.eventId,
    parameters,
    event: context.event,
  });
  const url = new URL(action.url);
  const response = await send(url, { method: 'POST', headers, body }, context.signal, 'webhook');
  if (!(response instanceof Response)) return response;
  return httpOutcome(response, 'webhook', `webhook ${url.host} answered ${response.status}`);
}
