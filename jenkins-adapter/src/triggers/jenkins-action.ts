import { z } from 'zod';
import { basicAuth, httpOutcome, send, type ActionContext, type ActionOutcome } from './action-outcome.js';
import { CAUSE_PARAMETER } from '../notification/notification-events.js';
import { renderParameters } from './template.js';
import type { JenkinsAction } from './trigger-rule.js';

const crumbAnswer = z.object({ crumbRequestField: z.string().min(1), crumb: z.string().min(1) });

/** `team/app-tests` → `job/team/job/app-tests/`, each name encoded. */
export function jobUrlPath(job: string): string {
  return job
    .split('/')
    .map((name) => `job/${encodeURIComponent(name)}/`)
    .join('');
}

/** The build's parameters: the rule's templates filled from the event, plus `TRACEY_CAUSE`. */
export function buildParameters(action: JenkinsAction, context: Pick<ActionContext, 'event' | 'eventId'>) {
  const rendered = renderParameters(action.parameters, context.event);
  if (!rendered.ok) return { ok: false as const, reason: rendered.reason };
  const values = new URLSearchParams(rendered.value);
  values.set(CAUSE_PARAMETER, context.eventId);
  return { ok: true as const, values };
}

// A password (unlike an API token) needs a CSRF crumb, valid only with the session cookie it came with.
async function crumbHeaders(
  base: URL,
  authorization: string,
  signal: AbortSignal,
): Promise<Record<string, string> | ActionOutcome> {
  const response = await send(
    new URL('crumbIssuer/api/json', base),
    { headers: { authorization } },
    signal,
    'Jenkins crumb issuer',
  );
  if (!(response instanceof Response)) return response;
  if (!response.ok) return httpOutcome(response, 'Jenkins crumb issuer', '');
  const parsed = crumbAnswer.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    return { kind: 'failed', reason: 'Jenkins crumb issuer answered without crumbRequestField and crumb' };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair !== '')
    .join('; ');
  return { [parsed.data.crumbRequestField]: parsed.data.crumb, ...(cookie === '' ? {} : { cookie }) };
}

/**
 * Starts the rule's Jenkins job: `POST <url>/job/…/buildWithParameters` with the parameters as
 * a form. Jenkins answers 201 with the queue item in `Location`, or 303 when an identical build
 * is already queued; both are success.
 */
export async function triggerJenkinsBuild(
  action: JenkinsAction,
  context: ActionContext,
): Promise<ActionOutcome> {
  const parameters = buildParameters(action, context);
  if (!parameters.ok) return { kind: 'failed', reason: parameters.reason };
  const base = new URL(action.url.endsWith('/') ? action.url : `${action.url}/`);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (action.auth !== undefined) {
    const user = context.env[action.auth.userEnv] ?? '';
    const secret =
      'tokenEnv' in action.auth ? context.env[action.auth.tokenEnv] : context.env[action.auth.passwordEnv];
    headers['authorization'] = basicAuth(user, secret ?? '');
    if ('passwordEnv' in action.auth) {
      const crumb = await crumbHeaders(base, headers['authorization'], context.signal);
      if ('kind' in crumb) return crumb as ActionOutcome;
      Object.assign(headers, crumb);
    }
  }
  const url = new URL(`${jobUrlPath(action.job)}buildWithParameters`, base);
  const response = await send(
    url,
    { method: 'POST', headers, body: parameters.values.toString() },
    context.signal,
    'Jenkins',
  );
  if (!(response instanceof Response)) return response;
  const queued = response.headers.get('location');
  const detail =
    response.status === 303
      ? `Jenkins already had this build queued (${action.job})`
      : `Jenkins queued ${action.job}${queued === null ? '' : ` as ${queued}`}`;
  return httpOutcome(response, 'Jenkins', detail);
}
