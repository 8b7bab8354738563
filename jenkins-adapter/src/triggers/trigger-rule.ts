import { z } from 'zod';
import { bindingKeyIssue } from '@tracey/amqp';
import { eventConditionSchema, resolveEiffelType } from '@tracey/producer-core';
import { EIFFEL_LINK_RULES } from '@tracey/schemas';

import { jsonTemplateIssues, templateIssues } from './template.js';

const LINK_TYPES = new Set(
  Object.values(EIFFEL_LINK_RULES).flatMap((versions) =>
    Object.values(versions).flatMap((rules) => Object.keys(rules)),
  ),
);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of an environment variable that holds a secret; the secret never is in the file. */
const envName = z.string().regex(ENV_NAME, 'must be the name of an environment variable, e.g. JENKINS_TOKEN');

const eventType = z.string().transform((name, context) => {
  const type = resolveEiffelType(name);
  if (type !== undefined) return type;
  context.addIssue({ code: 'custom', message: `unknown Eiffel event type "${name}"` });
  return z.NEVER;
});

const httpUrl = z
  .string()
  .refine((text) => URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol), {
    message: 'must be an http:// or https:// URL',
  });

const template = z
  .string()
  .max(2_000)
  .superRefine((text, context) => {
    for (const message of templateIssues(text)) context.addIssue({ code: 'custom', message });
  });

const jsonTemplate = z.unknown().superRefine((value, context) => {
  for (const message of jsonTemplateIssues(value)) context.addIssue({ code: 'custom', message });
});

/** Parameters sent with a triggered build or webhook, each a template over the event. */
const parameters = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a parameter name'),
  template,
);

const jenkinsAuth = z.union([
  z.strictObject({ userEnv: envName, tokenEnv: envName }),
  z.strictObject({ userEnv: envName, passwordEnv: envName }),
]);

/** Start a Jenkins job: `POST <url>/job/<a>/job/<b>/buildWithParameters`. */
const jenkinsAction = z.strictObject({
  type: z.literal('jenkins'),
  /** Jenkins' root URL, e.g. `https://jenkins.example.com/`. */
  url: httpUrl,
  /** Job path with folders separated by `/`, e.g. `team/app-tests`. */
  job: z.string().regex(/^[^/]+(?:\/[^/]+)*$/, 'must be a job name, with folders separated by /'),
  parameters: parameters.default({}),
  /** API token (preferred, no crumb needed) or password (then a CSRF crumb is fetched first). */
  auth: jenkinsAuth.optional(),
});

/** POST a JSON body `{rule, TRACEY_CAUSE, parameters, event}` to a URL. */
const webhookAction = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  parameters: parameters.default({}),
  bearerEnv: envName.optional(),
});

/** Publish a new Eiffel event (with a CAUSE link to the triggering one) through producer-core. */
const publishAction = z.strictObject({
  type: z.literal('publish'),
  eventType,
  /** `data` of the new event; strings are templates. */
  data: jsonTemplate.default({}),
  /** More links; `target` is a template, e.g. `{{links.0.target}}`. */
  links: z
    .array(z.strictObject({ type: z.string().regex(/^[A-Z_]+$/, 'must be a link type'), target: template }))
    .default([]),
  domainId: z.string().min(1).optional(),
});

/** What a rule does when an event matches: one of the action kinds, keyed by `type`. */
export const triggerActionSchema = z.discriminatedUnion('type', [
  jenkinsAction,
  webhookAction,
  publishAction,
]);

const upstreamTarget = z.object({
  linkTypes: z
    .array(z.string().refine((type) => LINK_TYPES.has(type), { message: 'is not an Eiffel link type' }))
    .min(1)
    .optional(),
  type: eventType,
  maxDepth: z.number().int().min(1).max(20).default(10),
});

/**
 * Graph condition, answered by the query API: some event of `type` upstream of the trigger
 * (following `linkTypes`, all when absent) passes a test written as in `conditions`.
 */
const upstreamCondition = z.looseObject({}).transform((raw, context) => {
  const { linkTypes, type, maxDepth, ...test } = raw;
  const target = upstreamTarget.safeParse({ linkTypes, type, maxDepth });
  const condition = eventConditionSchema.safeParse(test);
  for (const issue of [...(target.error?.issues ?? []), ...(condition.error?.issues ?? [])])
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  if (!target.success || !condition.success) return z.NEVER;
  return { ...target.data, test: condition.data };
});

/** Retries of an action that failed in a way that may pass later (network, 5xx, 429). */
const retryPolicy = z.strictObject({
  attempts: z.number().int().min(1).max(100).default(5),
  initialDelayMs: z.number().int().min(10).max(3_600_000).default(1_000),
  maxDelayMs: z.number().int().min(10).max(3_600_000).default(60_000),
});

/** One trigger rule. */
export const triggerRuleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, _ . -'),
  bindingKeys: z
    .array(
      z.string().superRefine((key, context) => {
        const issue = bindingKeyIssue(key);
        if (issue !== undefined) context.addIssue({ code: 'custom', message: issue });
      }),
    )
    .min(1),
  /** Event types the rule takes (short names allowed); all when absent. */
  eventTypes: z.array(eventType).min(1).optional(),
  conditions: z.array(eventConditionSchema).default([]),
  upstream: upstreamCondition.optional(),
  action: triggerActionSchema,
  retry: retryPolicy.default({ attempts: 5, initialDelayMs: 1_000, maxDelayMs: 60_000 }),
});

/** The rules file: `rules`, a list of rules with distinct names. */
export const triggerRulesFileSchema = z.strictObject({
  rules: z.array(triggerRuleSchema).superRefine((rules, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.name))
        context.addIssue({ code: 'custom', path: [index, 'name'], message: `"${rule.name}" is used twice` });
      seen.add(rule.name);
    });
  }),
});

export type TriggerRule = z.output<typeof triggerRuleSchema>;
export type TriggerAction = z.output<typeof triggerActionSchema>;
export type JenkinsAction = Extract<TriggerAction, { type: 'jenkins' }>;
export type WebhookAction = Extract<TriggerAction, { type: 'webhook' }>;
export type PublishAction = Extract<TriggerAction, { type: 'publish' }>;
export type UpstreamCondition = NonNullable<TriggerRule['upstream']>;
