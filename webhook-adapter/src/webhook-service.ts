import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { AuditLog, reloadTokensOnHangup } from '@tracey/http-kit';
import { EventPublisher, intakeTokens, startIntakeOutput } from '@tracey/intake';
import { loadMappers } from '@tracey/mapping';
import { buildWebhookApp } from './build-app.js';
import type { WebhookConfig } from './config.js';

/**
 * Builds the webhook adapter from its configuration, not listening: the mappers (built-in, then
 * TRACEY_MAPPERS_FILE), an AMQP output with publisher confirms and a durable spool behind it
 * (started; the app's close shuts it down).
 * @throws TraceyError MAPPING_CONFIG_* when the mappers file is unreadable or invalid.
 */
export async function buildWebhookAdapter(config: WebhookConfig, logger: Logger): Promise<FastifyInstance> {
  const mappers = await loadMappers(config.mappersFile, {
    incidentLabel: config.incidentLabel,
    incidentEnvironment: config.incidentEnvironment,
    inProgressStatuses: config.jiraInProgressStatuses,
    deployEnvironment: config.githubDeployEnvironment,
    ...(config.githubDeployWorkflows === undefined ? {} : { deployWorkflows: config.githubDeployWorkflows }),
  });
  const { output, brokerReady } = await startIntakeOutput(
    {
      amqpUrl: config.amqpUrl,
      exchange: config.exchange,
      appId: 'tracey-webhook-adapter',
      spoolDir: config.spoolDir,
      spoolMaxBytes: config.spoolMaxBytes,
      spoolFlushMs: config.spoolFlushMs,
    },
    logger,
  );
  const tokens = intakeTokens({
    token: config.webhookToken,
    tokenName: 'TRACEY_WEBHOOK_TOKEN',
    tokensFile: config.tokensFile,
  });
  reloadTokensOnHangup(tokens, config.tokensFile, logger);
  const app = buildWebhookApp({
    token: config.webhookToken,
    tokens,
    audit: new AuditLog({ file: config.auditFile, logger }),
    logger,
    mappers,
    publisher: new EventPublisher(output, logger.child({ component: 'publisher' }), config.maxEventBytes),
    spoolState: () => output.state(),
    brokerReady,
    forges: {
      githubSecret: config.githubWebhookSecret,
      gitlabToken: config.gitlabWebhookToken,
      jiraSecret: config.jiraWebhookSecret,
    },
    rateLimit: { max: config.rateLimit, windowMs: config.rateLimitWindowMs },
    tls: { certFile: config.tlsCert, keyFile: config.tlsKey },
  });
  app.addHook('onClose', () => output.shutdown());
  return app;
}
