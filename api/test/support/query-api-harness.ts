import type { Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { connectTestNeo4j, resetTestGraph, type ServiceEndpoints } from '@tracey/testing';
import { EventGraph } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import type { DoraConfig } from '@tracey/dora';
import { ingest } from '@tracey/api/testing';

/** A query API on the test Neo4j, with the graph module that wrote its events. */
export interface QueryApiHarness {
  readonly app: FastifyInstance;
  /** The aggregator's graph module, for writing more events in a test. */
  readonly writer: EventGraph;
  /** A driver of its own, for checks straight in Neo4j. */
  readonly driver: Driver;
  close(): Promise<void>;
}

/**
 * Empties the test graph, writes `raw` through the aggregator's write path (the schema is set
 * up either way) and builds the app (not listening: tests `inject()`).
 */
export async function startQueryApi(
  services: ServiceEndpoints,
  options: {
    readonly raw?: readonly unknown[];
    readonly apiToken?: string;
    /** What the DORA keys count as what (default: `@tracey/dora`'s defaults). */
    readonly dora?: DoraConfig;
    /** Hooks to add to the app before it is ready. */
    readonly beforeReady?: (app: FastifyInstance) => void;
    /** The clock of default windows and of the DORA series. */
    readonly now?: () => number;
    /** The DORA series on /metrics (default none). */
    readonly doraMetrics?: { readonly windowMs: number; readonly intervalMs: number };
    /** Push the DORA series over OTLP to this URL, every `intervalMs`. */
    readonly doraOtlp?: { readonly url: string; readonly intervalMs: number };
  } = {},
): Promise<QueryApiHarness> {
  const driver = connectTestNeo4j(services);
  await resetTestGraph(driver);
  const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
  const writer = EventGraph.connect(connection);
  await ingest(writer, options.raw ?? []);
  const graph = EventGraph.connectReader(connection);
  const app = buildApp({
    graph,
    config: { apiToken: options.apiToken, readAuth: 'optional' },
    logger: pino({ level: 'silent' }),
    ...(options.dora === undefined ? {} : { dora: options.dora }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.doraMetrics === undefined ? {} : { doraMetrics: options.doraMetrics }),
    ...(options.doraOtlp === undefined ? {} : { doraOtlp: options.doraOtlp }),
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    writer,
    driver,
    close: async () => {
      await app.close();
      await graph.close();
      await writer.close();
      await driver.close();
    },
  };
}
