import { pino } from 'pino';
import { buildApp } from '@tracey/api';
import { startIngestRig, waitUntil, type IngestRig } from '@tracey/aggregator/testing';
import { EventGraph } from '@tracey/graph';
import {
  buildWebhookAdapter,
  spawnWebhookAdapter,
  type WebhookAdapterProcess,
} from '@tracey/webhook-adapter/testing';
import { freePort, type ServiceEndpoints } from '@tracey/testing';

// What the forge flow tests share: the real broker and Neo4j with one aggregator worker (the ingest
// rig), the webhook adapter spawned as users run it (its own process, its settings from the
// environment) publishing to the rig's exchange, and the query API reading the same graph.

export interface WebhookFlowRig {
  readonly ingest: IngestRig;
  readonly webhookUrl: string;
  readonly api: ReturnType<typeof buildApp>;
  /** GET on the API: the answer's JSON, or an Error naming the status and body. */
  get<T>(url: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts the rig; `env` is the adapter's settings beside its broker, exchange, token and port. */
export async function startWebhookFlowRig(
  services: ServiceEndpoints,
  name: string,
  env: Record<string, string>,
  apiOptions: Partial<Parameters<typeof buildApp>[0]> = {},
): Promise<WebhookFlowRig> {
  const ingest = await startIngestRig(services, name, { batchMs: 10 });
  let webhook: WebhookAdapterProcess | undefined;
  let graph: EventGraph | undefined;
  let api: ReturnType<typeof buildApp> | undefined;
  const close = async () => {
    await api?.close();
    await graph?.close();
    webhook?.child.kill('SIGTERM');
    await webhook?.exited;
    await ingest.close();
  };
  try {
    buildWebhookAdapter();
    const port = await freePort();
    const webhookUrl = `http://127.0.0.1:${port}`;
    webhook = spawnWebhookAdapter({
      TRACEY_AMQP_URL: services.amqpUrl,
      TRACEY_EXCHANGE: ingest.topology.exchange,
      TRACEY_WEBHOOK_TOKEN: `${name}-token`,
      TRACEY_WEBHOOK_PORT: String(port),
      ...env,
    });
    await waitUntil('the webhook adapter ready', () =>
      fetch(`${webhookUrl}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
    );
    graph = EventGraph.connect({
      url: services.neo4jUrl,
      user: services.neo4jUser,
      password: services.neo4jPassword,
    });
    const app = buildApp({
      graph,
      config: { apiToken: undefined, readAuth: 'optional' },
      logger: pino({ level: 'silent' }),
      ...apiOptions,
    });
    api = app;
    await app.ready();
    return {
      ingest,
      webhookUrl,
      api: app,
      async get<T>(url: string): Promise<T> {
        const response = await app.inject({ method: 'GET', url });
        if (response.statusCode !== 200)
          throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
        return response.json<T>();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
