import neo4j, { type Driver } from 'neo4j-driver';
import { formatConfigIssues } from '@tracey/common';
import { neo4jTls } from '@tracey/graph';
import { loadAggregatorConfig } from '../config.js';

/**
 * What `npm run migrate` and `npm run purge` start with: the aggregator's configuration (exit 2
 * naming every bad variable), a logger to stderr, and a driver of their own on the workers' Neo4j,
 * TLS as the workers connect (TRACEY_NEO4J_CA_FILE). Their batches may wait on workers' locks
 * longer than a worker's write: a long retry time.
 */
export function operatorTool(name: string): { driver: Driver; log: (message: string) => void } {
  const loaded = loadAggregatorConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigIssues(name, loaded.issues)}\n`);
    process.exit(2);
  }
  const { config } = loaded;
  const { url, tls } = neo4jTls({
    url: config.neo4jUrl,
    user: config.neo4jUser,
    password: '',
    caFile: config.neo4jCaFile,
  });
  const driver = neo4j.driver(url, neo4j.auth.basic(config.neo4jUser, config.neo4jPassword ?? ''), {
    ...tls,
    disableLosslessIntegers: true,
    maxTransactionRetryTime: 60_000,
  });
  return { driver, log: (message) => process.stderr.write(`${name}: ${message}\n`) };
}
