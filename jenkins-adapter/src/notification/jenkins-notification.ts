import { z } from 'zod';

/** Build phases the Notification plugin reports, in the order it sends them. */
export const JENKINS_PHASES = ['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED'] as const;
export type JenkinsPhase = (typeof JENKINS_PHASES)[number];

/** Results a finished Jenkins build can have. */
export const JENKINS_RESULTS = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'ABORTED', 'NOT_BUILT'] as const;
export type JenkinsResult = (typeof JENKINS_RESULTS)[number];

const text = z.string().max(4096);
const millis = z.number().int().nonnegative();

/**
 * The JSON the Jenkins Notification plugin posts (format JSON): snake case, absent fields left
 * out, unknown fields ignored so that newer plugin versions keep working.
 */
export const jenkinsNotification = z.object({
  name: z.string().min(1).max(1024),
  display_name: text.optional(),
  url: text.optional(),
  build: z.object({
    full_url: z
      .url({ protocol: /^https?$/ })
      .max(4096)
      .optional(),
    url: text.optional(),
    number: z.number().int().nonnegative(),
    queue_id: z.number().int().optional(),
    phase: z.enum(JENKINS_PHASES),
    // Some plugin versions put the previous build's result on STARTED: read it on completion only.
    status: z.enum(JENKINS_RESULTS).optional(),
    timestamp: millis,
    duration: millis.optional(),
    display_name: text.optional(),
    scm: z
      .object({
        url: text.optional(),
        branch: text.optional(),
        commit: text.optional(),
        changes: z.array(text).max(10_000).optional(),
        culprits: z.array(text).max(1000).optional(),
      })
      .optional(),
    // Values are strings in practice; booleans and numbers are kept as the plugin sends them.
    parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    artifacts: z
      .record(z.string().min(1).max(4096), z.object({ archive: text.optional(), s3: text.optional() }))
      .optional(),
    test_summary: z
      .object({
        total: z.number().int().nonnegative(),
        failed: z.number().int().nonnegative(),
        passed: z.number().int().nonnegative(),
        skipped: z.number().int().nonnegative(),
      })
      .optional(),
  }),
});

export type JenkinsNotification = z.output<typeof jenkinsNotification>;
