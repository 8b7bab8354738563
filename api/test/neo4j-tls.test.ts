import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventGraph, pipelineGraphVocabulary, toEventRow } from '@tracey/graph';
import { eiffelEvent, pipelineProtocol } from '@tracey/schemas';
import { makeTestCertificates, TlsNeo4j, waitUntil, type TestCertificates } from '@tracey/testing';

// Issue 24: TLS to Neo4j against Neo4j's own TLS listener (Bolt over TLS only) with a CA this test
// made: the graph module writes and reads over bolt+s:// verified against TRACEY_NEO4J_CA_FILE's
// CA; a client trusting another CA, and one without TLS, are refused.

describe('TLS to Neo4j', () => {
  let certs: TestCertificates;
  let neo4j: TlsNeo4j;

  beforeAll(async () => {
    certs = makeTestCertificates();
    neo4j = await TlsNeo4j.start(certs);
  }, 180_000);
  afterAll(() => neo4j?.stop());

  const connect = (url: string, caFile: string | undefined) =>
    EventGraph.connect({ url, user: 'neo4j', password: TlsNeo4j.password, caFile });

  it('writes and reads over bolt+s:// verified against the CA file', async () => {
    const graph = connect(neo4j.url, certs.caCert);
    try {
      await waitUntil(
        'Neo4j answering over TLS',
        () =>
          graph.ping().then(
            () => true,
            () => false,
          ),
        120_000,
      );
      await graph.ensureSchema();
      const event = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:generic/tls@1' }).build();
      const parsed = pipelineProtocol.parse(JSON.parse(JSON.stringify(event)));
      if (!parsed.ok) throw new Error('invalid test event');
      await graph.writeEvents([
        toEventRow(pipelineProtocol, pipelineGraphVocabulary, {
          event: parsed.event,
          verified: parsed.verified,
          raw: JSON.parse(JSON.stringify(event)) as unknown,
        }),
      ]);
      expect(JSON.parse((await graph.getEventJson(event.meta.id)) ?? '{}')).toEqual(
        JSON.parse(JSON.stringify(event)),
      );
    } finally {
      await graph.close();
    }
  });

  it('refuses a server certificate another CA signed, and a connection without TLS', async () => {
    // Trusting another CA: the handshake fails on the certificate.
    const distrusting = connect(neo4j.url, certs.otherCaCert);
    try {
      await expect(distrusting.ping()).rejects.toThrow(/certificate/i);
    } finally {
      await distrusting.close();
    }
    // Without TLS: the server takes no plain Bolt.
    const plain = connect(`bolt://127.0.0.1:${neo4j.port}`, undefined);
    try {
      await expect(plain.ping()).rejects.toThrow();
    } finally {
      await plain.close();
    }
  });
});
