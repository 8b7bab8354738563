import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { verify } from '@octokit/webhooks-methods';
import { CloudEvent } from 'cloudevents';
import { adapterError } from '@tracey/intake';
import { GITHUB_TYPE_PREFIX, GITLAB_TYPE_PREFIX, JIRA_TYPE_PREFIX } from '@tracey/mapping';
import { cloudEventsAnswer, errorAnswers } from '../answers.js';
import { jsonObjectBody } from '../json-body.js';
import { LIMITS } from '../limits.js';
import { intake, type CloudEventsRouteContext } from './cloudevents.routes.js';

// Forge webhooks in (issue 19): a delivery whose signature (GitHub) or token (GitLab) checks out
// becomes a CloudEvent `com.github.<X-GitHub-Event>` / `com.gitlab.<object_kind>` with the payload
// as its data, and goes the way of every CloudEvent: the built-in mappers turn it into CDEvents
// (docs/webhooks.md), published with confirms. A delivery no mapper makes an event of (a ping, an
// event type Tracey does not map) is answered 202 and counted, never stored.

export interface ForgeRoutesOptions {
  /** `TRACEY_GITHUB_WEBHOOK_SECRET`: `POST /github` is there only with it. */
  readonly githubSecret?: string | undefined;
  /** `TRACEY_GITLAB_WEBHOOK_TOKEN`: `POST /gitlab` is there only with it. */
  readonly gitlabToken?: string | undefined;
  /** `TRACEY_JIRA_WEBHOOK_SECRET`: `POST /jira` is there only with it. */
  readonly jiraSecret?: string | undefined;
}

type Json = Record<string, unknown>;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

// Digests of equal length, so the comparison takes the same time whatever was sent.
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

/**
 * Whether a Jira delivery carries the secret: Jira Cloud's webhooks sign the body
 * (`X-Hub-Signature: sha256=…`); Jira Data Center's send no header, so the secret rides in the
 * URL (`?secret=`, redacted from logs); Automation's "send web request" can set a bearer token.
 */
async function jiraAuthorized(request: FastifyRequest, body: string, secret: string): Promise<boolean> {
  const signature = header(request, 'x-hub-signature');
  if (signature !== undefined) return verify(secret, body, signature).catch(() => false);
  // A bearer token is the secret; another scheme (a proxy's Basic auth) leaves it to the URL.
  const authorization = header(request, 'authorization');
  if (authorization !== undefined && /^bearer /i.test(authorization))
    return sameSecret(authorization.slice(7).trim(), secret);
  const query = request.query as Record<string, unknown> | undefined;
  const given = query?.['secret'];
  return typeof given === 'string' && sameSecret(given, secret);
}

const payloadOf = (body: unknown): Json =>
  jsonObjectBody(body, { what: 'a webhook payload ', emptyIsObject: false });

function requiredHeader(request: FastifyRequest, name: string): string {
  const value = header(request, name);
  if (value === undefined || value === '')
    throw adapterError('ADAPTER_BAD_REQUEST', `missing header ${name}`, {
      issues: [{ path: name, message: 'is required' }],
    });
  return value;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The delivery as a CloudEvent, through the mappers, published; answered as `POST /cloudevents`. */
async function deliver(
  reply: FastifyReply,
  context: CloudEventsRouteContext,
  event: { id: string; source: string; type: string; data: Json },
): Promise<FastifyReply> {
  const cloudEvent = new CloudEvent({
    ...event,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
  });
  const answer = await intake([{ index: 0, ok: true, event: cloudEvent }], context);
  if (answer.published === 0 && answer.rejected > 0)
    throw adapterError('ADAPTER_INVALID_EVENTS', 'the webhook gives no valid event', {
      results: answer.results,
    });
  return reply.code(answer.ignored > 0 || answer.spooled > 0 ? 202 : 200).send(answer);
}

const schema = (summary: string, description: string) => ({
  tags: ['Webhooks'],
  summary,
  description,
  response: {
    200: cloudEventsAnswer,
    202: cloudEventsAnswer,
    ...errorAnswers([400, 401, 413, 415, 422, 500, 503]),
  },
});

/** `POST /github`, `POST /gitlab` and `POST /jira`, each only when its secret is set. */
export function forgeRoutes(
  app: FastifyInstance,
  context: CloudEventsRouteContext,
  options: ForgeRoutesOptions,
): void {
  // The signature is over the bytes as sent: the body is read raw, parsed after the check.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  const bodyLimit = Math.max(LIMITS.bodyBytes, context.publisher.maxEventBytes);
  // An empty secret (an unset variable of a compose file) is no secret: the route stays away.
  const githubSecret = options.githubSecret === '' ? undefined : options.githubSecret;
  const gitlabToken = options.gitlabToken === '' ? undefined : options.gitlabToken;
  const jiraSecret = options.jiraSecret === '' ? undefined : options.jiraSecret;
  if (githubSecret !== undefined) {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/github',
      {
        bodyLimit,
        schema: schema(
          'GitHub webhooks in (X-Hub-Signature-256 checked), mapped to CDEvents',
          'Content type application/json. 200 the events published, 202 a delivery Tracey maps to nothing ' +
            '(ping, other events; counted, not stored) or spooled; 401 a missing or wrong signature.',
        ),
      },
      async (request, reply) => {
        const signature = header(request, 'x-hub-signature-256');
        const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
        // Checked before anything else is read: an unsigned body is not even parsed.
        if (signature === undefined || !(await verify(githubSecret, body, signature).catch(() => false)))
          throw adapterError(
            'ADAPTER_UNAUTHORIZED',
            'missing or wrong X-Hub-Signature-256 for TRACEY_GITHUB_WEBHOOK_SECRET',
          );
        const name = requiredHeader(request, 'x-github-event');
        const value = payloadOf(request.body);
        const repository = value['repository'];
        const source =
          (typeof repository === 'object' && repository !== null
            ? text((repository as Json)['html_url'])
            : undefined) ?? 'https://github.com';
        context.metrics.webhooks.inc({ source: 'github' });
        return deliver(reply, context, {
          id: header(request, 'x-github-delivery') ?? randomUUID(),
          source,
          type: `${GITHUB_TYPE_PREFIX}${name}`,
          data: value,
        });
      },
    );
  }
  if (gitlabToken !== undefined) {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/gitlab',
      {
        bodyLimit,
        schema: schema(
          'GitLab webhooks in (X-Gitlab-Token checked), mapped to CDEvents',
          'Content type application/json. 200 the events published, 202 a delivery Tracey maps to nothing ' +
            '(pushes, other events; counted, not stored) or spooled; 401 a missing or wrong token.',
        ),
      },
      async (request, reply) => {
        const token = header(request, 'x-gitlab-token');
        if (token === undefined || !sameSecret(token, gitlabToken))
          throw adapterError(
            'ADAPTER_UNAUTHORIZED',
            'missing or wrong X-Gitlab-Token for TRACEY_GITLAB_WEBHOOK_TOKEN',
          );
        const value = payloadOf(request.body);
        const kind = text(value['object_kind']);
        if (kind === undefined)
          throw adapterError('ADAPTER_BAD_REQUEST', 'invalid body: a GitLab payload names its object_kind', {
            issues: [{ path: 'object_kind', message: 'is required' }],
          });
        const project = value['project'];
        const source =
          (typeof project === 'object' && project !== null
            ? text((project as Json)['web_url'])
            : undefined) ?? 'https://gitlab.com';
        context.metrics.webhooks.inc({ source: 'gitlab' });
        return deliver(reply, context, {
          id: header(request, 'x-gitlab-event-uuid') ?? randomUUID(),
          source,
          type: `${GITLAB_TYPE_PREFIX}${kind}`,
          data: value,
        });
      },
    );
  }
  if (jiraSecret !== undefined) {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/jira',
      {
        bodyLimit,
        schema: schema(
          'Jira webhooks in (secret checked), mapped to CDEvents ticket events',
          'Content type application/json. The secret as Jira Cloud signs it (X-Hub-Signature), a bearer token, ' +
            'or `?secret=` in the URL. 200 the events published, 202 a delivery Tracey maps to nothing ' +
            '(an update that starts or ends no work; counted, not stored) or spooled; 401 a missing or wrong secret.',
        ),
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
        if (!(await jiraAuthorized(request, body, jiraSecret)))
          throw adapterError(
            'ADAPTER_UNAUTHORIZED',
            'missing or wrong secret for TRACEY_JIRA_WEBHOOK_SECRET (X-Hub-Signature, a bearer token or ?secret=)',
          );
        const value = payloadOf(request.body);
        const name = text(value['webhookEvent']);
        if (name === undefined)
          throw adapterError('ADAPTER_BAD_REQUEST', 'invalid body: a Jira payload names its webhookEvent', {
            issues: [{ path: 'webhookEvent', message: 'is required' }],
          });
        const issue = value['issue'];
        const self = typeof issue === 'object' && issue !== null ? text((issue as Json)['self']) : undefined;
        context.metrics.webhooks.inc({ source: 'jira' });
        return deliver(reply, context, {
          id: header(request, 'x-atlassian-webhook-identifier') ?? randomUUID(),
          source: siteOf(self) ?? 'https://jira.invalid',
          type: `${JIRA_TYPE_PREFIX}${name.replace(/^jira:/, '')}`,
          data: value,
        });
      },
    );
  }
}

/** The origin of a Jira REST address, or `undefined` when it is no URL. */
function siteOf(self: string | undefined): string | undefined {
  if (self === undefined) return undefined;
  try {
    return new URL(self).origin;
  } catch {
    return undefined;
  }
}
