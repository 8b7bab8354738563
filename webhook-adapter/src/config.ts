import { z } from 'zod';
import {
  compileLinearRegex,
  envVar,
  listVar,
  intVar,
  parseConfig,
  portVar,
  requiredSecretVar,
  secretVar,
  sharedVars,
  textVar,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';

/** Every environment variable the webhook adapter reads. */
export const webhookConfigSpec = {
  amqpUrl: sharedVars.amqpUrl,
  amqpCaFile: sharedVars.amqpCaFile,
  amqpCertFile: sharedVars.amqpCertFile,
  amqpKeyFile: sharedVars.amqpKeyFile,
  exchange: sharedVars.exchange,
  logLevel: sharedVars.logLevel,
  rateLimit: sharedVars.rateLimit,
  rateLimitWindowMs: sharedVars.rateLimitWindowMs,
  maxEventBytes: sharedVars.maxEventBytes,
  bind: sharedVars.bind,
  tlsCert: sharedVars.tlsCert,
  tlsKey: sharedVars.tlsKey,
  port: portVar('TRACEY_WEBHOOK_PORT', 8083, 'Port of the webhook adapter (CloudEvents over HTTP).'),
  auditFile: textVar(
    'TRACEY_AUDIT_FILE',
    '.tracey/audit/webhook-adapter.jsonl',
    'JSON-lines audit trail this adapter appends to: calls by token name, refusals (docs/SECURITY.md#audit).',
  ),
  tokensFile: envVar(
    'TRACEY_TOKENS_FILE',
    z.string().min(1).optional(),
    'YAML or JSON file of named tokens with scopes and a sha256 or scrypt hash each (docs/SECURITY.md), here publish (CloudEvents, the DORA REST intakes); read at start and on SIGHUP. TRACEY_WEBHOOK_TOKEN stays a token with every scope.',
  ),
  webhookToken: requiredSecretVar(
    'TRACEY_WEBHOOK_TOKEN',
    'Shared token senders give (bearer, or Basic auth password) to post CloudEvents.',
  ),
  githubWebhookSecret: secretVar(
    'TRACEY_GITHUB_WEBHOOK_SECRET',
    undefined,
    "The secret of the repository's or organization's GitHub webhook: POST /github checks X-Hub-Signature-256 with it, and is there only when it is set.",
  ),
  gitlabWebhookToken: secretVar(
    'TRACEY_GITLAB_WEBHOOK_TOKEN',
    undefined,
    "The secret token of the project's or group's GitLab webhook: POST /gitlab checks X-Gitlab-Token against it, and is there only when it is set.",
  ),
  jiraWebhookSecret: secretVar(
    'TRACEY_JIRA_WEBHOOK_SECRET',
    undefined,
    'The secret of the Jira webhook: POST /jira takes it as `?secret=`, a bearer token or the X-Hub-Signature HMAC Jira Cloud sends, and is there only when it is set.',
  ),
  jiraInProgressStatuses: listVar(
    'TRACEY_JIRA_IN_PROGRESS_STATUSES',
    ['In Progress'],
    'Comma-separated Jira statuses (any case) whose entering is work started on an issue: where lead time from the work item starts.',
  ),
  githubDeployWorkflows: envVar(
    'TRACEY_GITHUB_DEPLOY_WORKFLOWS',
    z
      .string()
      .optional()
      .transform((pattern, context) => {
        if (pattern === undefined || pattern === '') return undefined;
        const compiled = compileLinearRegex(pattern);
        if (compiled.ok) return compiled.regex;
        context.addIssue({ code: 'custom', message: compiled.reason });
        return z.NEVER;
      }),
    'A regular expression (RE2) for the names of GitHub workflows that deploy: their completed runs are deployments of the head commit too (unset: none).',
  ),
  githubDeployEnvironment: textVar(
    'TRACEY_GITHUB_DEPLOY_ENVIRONMENT',
    'production',
    'The environment the workflows of TRACEY_GITHUB_DEPLOY_WORKFLOWS deploy to.',
  ),
  incidentLabel: textVar(
    'TRACEY_INCIDENT_LABEL',
    'incident',
    'The label that makes a GitHub or GitLab issue an incident (GitLab incident issues are incidents anyway).',
  ),
  incidentEnvironment: textVar(
    'TRACEY_INCIDENT_ENVIRONMENT',
    'production',
    'The environment an incident issue of GitHub or GitLab is in (an issue names none).',
  ),
  mappersFile: envVar(
    'TRACEY_MAPPERS_FILE',
    z.string().min(1).optional(),
    'YAML file of mappers that turn CloudEvents other than CDEvents into CDEvents, tried after the built-in ones (docs/cdevents.md#mappers); read at start.',
  ),
  spoolDir: textVar(
    'TRACEY_WEBHOOK_SPOOL_DIR',
    '.tracey/webhook-spool',
    'Durable spool of events the broker did not confirm; flushed in order when it is back.',
  ),
  spoolMaxBytes: intVar(
    'TRACEY_WEBHOOK_SPOOL_MAX_BYTES',
    268_435_456,
    { min: 1_048_576, max: 1_099_511_627_776 },
    'Bytes the spool may hold (256 MiB); when full, deliveries the broker does not take get 503 ADAPTER_SPOOL_FULL.',
  ),
  spoolFlushMs: intVar(
    'TRACEY_WEBHOOK_SPOOL_FLUSH_MS',
    5000,
    { min: 100, max: 3_600_000 },
    'How often (ms) a non-empty spool is sent again to the broker.',
  ),
} as const;

export type WebhookConfig = ConfigOf<typeof webhookConfigSpec>;

/** Reads the webhook adapter's configuration from `env`, reporting every bad variable. */
export function loadWebhookConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<WebhookConfig> {
  return parseConfig(webhookConfigSpec, env);
}
