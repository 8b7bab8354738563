import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { connectTestNeo4j, resetTestGraph, type ServiceEndpoints } from '@tracey/testing';
import { EventGraph, eiffelGraphVocabulary, toEventRow } from '@tracey/graph';
import { buildApp } from '@tracey/api';
import { eiffelProtocol, type EiffelEvent } from '@tracey/schemas';

/** A real query API listening on a free loopback port, over the test Neo4j. */
export interface ListeningQueryApi {
  /** The TRACEY_* environment that points `tracey` at it. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Empties the test graph, writes `events` through the aggregator's write path and starts the
 * query API on them, so the CLI talks HTTP to the same code users run.
 */
export async function startListeningQueryApi(
  services: ServiceEndpoints,
  events: readonly EiffelEvent[],
): Promise<ListeningQueryApi> {
  const driver = connectTestNeo4j(services);
  try {
    await resetTestGraph(driver);
  } finally {
    await driver.close();
  }
  const connection = { url: services.neo4jUrl, user: services.neo4jUser, password: services.neo4jPassword };
  const writer = EventGraph.connect(connection);
  await writer.ensureSchema();
  await writer.writeEvents(
    events.map((event) =>
      toEventRow(eiffelProtocol, eiffelGraphVocabulary, { event, verified: true, raw: event }),
    ),
  );
  const graph = EventGraph.connectReader(connection);
  const app = buildApp({
    graph,
    config: { apiToken: undefined, readAuth: 'optional' },
    logger: pino({ level: 'silent' }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    env: { TRACEY_API_URL: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` },
    close: async () => {
      await app.close();
      await graph.close();
      await writer.close();
    },
  };
}
