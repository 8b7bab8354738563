import { brokerUrls, formatHostPort, localUrlHost, sharedVars } from '@tracey/common';
import type { StackConfig } from './config.js';

/** One service the supervisor runs as a child process. */
export interface ServiceSpec {
  /** Name on every log line: `aggregator` (`aggregator-2`, … with several workers), `api`, `adapter`, `webhook`. */
  readonly name: string;
  /** Entry point, relative to the repository root (the built `main.js`, as in docker-compose.yml). */
  readonly entry: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Answers 200 once the service is ready. */
  readonly readyUrl: string;
  /** Where it listens, `host:port`. */
  readonly listen: string;
}

/** Settings the plan needs beyond the supervisor's own configuration. */
export interface PlanOptions {
  /** The rules file the adapter's triggers read when TRACEY_TRIGGER_RULES is unset; none: off. */
  readonly defaultTriggerRules?: string;
}

/** The address each service listens on: its own setting, else TRACEY_BIND (127.0.0.1). */
export function serviceHosts(config: StackConfig): {
  api: string;
  adapter: string;
  webhook: string;
  aggregator: string;
} {
  return {
    api: config.apiBind ?? config.bind,
    adapter: config.adapterBind ?? config.bind,
    webhook: config.bind,
    aggregator: config.aggregatorBind ?? config.bind,
  };
}

/**
 * The webhook adapter's port: TRACEY_WEBHOOK_PORT (8083), unless an aggregator worker has it
 * (workers take TRACEY_AGGREGATOR_PORT and the ports after it): then the first port after theirs.
 */
export function webhookPort(config: StackConfig): number {
  const workersEnd = config.aggregatorPort + config.workers;
  return config.webhookPort >= config.aggregatorPort && config.webhookPort < workersEnd
    ? workersEnd
    : config.webhookPort;
}

const url = (host: string, port: number, path = ''): string => `http://${localUrlHost(host)}:${port}${path}`;

/**
 * The services of the stack in start order — the aggregator workers first (they declare the
 * queue, so nothing published later is unroutable), then the query API, then the Jenkins adapter
 * (which asks the API), then the webhook adapter (CloudEvents over HTTP) — each with its environment: `env` plus what tells the workers apart and
 * points the adapter at the API.
 */
export function planServices(
  config: StackConfig,
  env: Readonly<Record<string, string | undefined>>,
  options: PlanOptions = {},
): ServiceSpec[] {
  const hosts = serviceHosts(config);
  const workers = Array.from({ length: config.workers }, (_, index): ServiceSpec => {
    const port = config.aggregatorPort + index;
    return {
      name: config.workers === 1 ? 'aggregator' : `aggregator-${index + 1}`,
      entry: 'aggregator/dist/main.js',
      env: { ...env, TRACEY_AGGREGATOR_PORT: String(port) },
      readyUrl: url(hosts.aggregator, port, '/ready'),
      listen: formatHostPort(hosts.aggregator, port),
    };
  });
  const triggerRules = config.triggerRules ?? options.defaultTriggerRules;
  const webhook = webhookPort(config);
  return [
    ...workers,
    {
      name: 'api',
      entry: 'api/dist/main.js',
      env: { ...env, TRACEY_API_PORT: String(config.apiPort) },
      readyUrl: url(hosts.api, config.apiPort, '/ready'),
      listen: formatHostPort(hosts.api, config.apiPort),
    },
    {
      name: 'adapter',
      entry: 'jenkins-adapter/dist/main.js',
      env: {
        ...env,
        TRACEY_ADAPTER_PORT: String(config.adapterPort),
        TRACEY_API_URL: env['TRACEY_API_URL'] ?? url(hosts.api, config.apiPort),
        ...(triggerRules === undefined ? {} : { TRACEY_TRIGGER_RULES: triggerRules }),
      },
      readyUrl: url(hosts.adapter, config.adapterPort, '/ready'),
      listen: formatHostPort(hosts.adapter, config.adapterPort),
    },
    {
      name: 'webhook',
      entry: 'webhook-adapter/dist/main.js',
      env: { ...env, TRACEY_WEBHOOK_PORT: String(webhook) },
      readyUrl: url(hosts.webhook, webhook, '/ready'),
      listen: formatHostPort(hosts.webhook, webhook),
    },
  ];
}

/** The URLs a user of the running stack needs. */
export interface StackEndpoints {
  readonly api: string;
  readonly docs: string;
  /** The web UI. */
  readonly ui: string;
  readonly adapter: string;
  readonly webhook: string;
  readonly aggregators: readonly string[];
  readonly neo4jBrowser?: string;
  readonly rabbitManagement?: string;
  /** Where each Tracey service listens (`host:port`), by service name. */
  readonly listening: readonly (readonly [string, string])[];
}

/**
 * Where everything answers: from the configuration, and from the services' settings
 * (`TRACEY_NEO4J_BROWSER_URL` from scripts/services.sh, the broker's host from `TRACEY_AMQP_URL`).
 */
export function stackEndpoints(
  config: StackConfig,
  settings: Readonly<Record<string, string | undefined>>,
): StackEndpoints {
  // The URL the services use: the variable, else its default.
  const amqp = sharedVars.amqpUrl.schema.safeParse(settings['TRACEY_AMQP_URL']);
  const host = amqp.success ? new URL(brokerUrls(amqp.data)[0] ?? amqp.data).hostname : undefined;
  const browser = settings['TRACEY_NEO4J_BROWSER_URL'];
  const hosts = serviceHosts(config);
  return {
    api: url(hosts.api, config.apiPort),
    docs: url(hosts.api, config.apiPort, '/docs'),
    ui: url(hosts.api, config.apiPort, '/ui/'),
    adapter: url(hosts.adapter, config.adapterPort),
    webhook: url(hosts.webhook, webhookPort(config)),
    aggregators: Array.from({ length: config.workers }, (_, index) =>
      url(hosts.aggregator, config.aggregatorPort + index, '/metrics'),
    ),
    listening: planServices(config, {}).map((service) => [service.name, service.listen] as const),
    ...(browser === undefined ? {} : { neo4jBrowser: browser }),
    ...(host === undefined ? {} : { rabbitManagement: `http://${host}:15672/` }),
  };
}
