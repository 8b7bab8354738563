#!/usr/bin/env node
// `npm run migrate`: brings a graph written by an older Tracey up to date (graph-migration.ts).
// Reads TRACEY_NEO4J_URL/USER/PASSWORD as the aggregator does; nothing secret on argv or in output.
import {
  CDEVENTS_INDEXED_PROPERTY_NAMES,
  eiffelIndexedPropertyNames,
  isEiffelEventType,
  pipelineProtocol,
} from '@tracey/schemas';
import { operatorTool } from './operator-tool.js';
import { EventGraph } from '@tracey/graph';
import { migrateGraph } from '@tracey/graph';

const NAME = 'tracey-migrate';
const USAGE = `Usage: npm run migrate [-- --batch-size N]
       node aggregator/dist/bin/migrate.js [--batch-size N]

Brings a Tracey graph written by an older version up to what this version writes:
  1. the indexed properties of every stored event (e.g. commitId, repoName, repoUri, branch and
     vcs of every source change, whatever its VCS), derived again from the event's stored JSON;
     only what differs is written;
  2. the history index (_chain, _chainSeq, _chainNext, _chainUp) of stored events that have
     none, in the order they were stored, by the aggregator's own statement.
Run it once after an upgrade; workers may keep ingesting meanwhile. It is idempotent and
resumable: interrupted, run it again (a run over an up-to-date graph changes nothing).

Neo4j is read from the aggregator's environment: TRACEY_NEO4J_URL, TRACEY_NEO4J_USER,
TRACEY_NEO4J_PASSWORD (see README.md, Configuration).

Options:
  --batch-size N   events per transaction (1-10000, default 500; lower it for large events)
  -h, --help       this text

Progress and a final summary go to stderr. Exit codes: 0 done, 1 Neo4j failed (run it again),
2 bad arguments or configuration.`;

function fail(message: string): never {
  process.stderr.write(`${NAME}: ${message}\n${USAGE.split('\n')[0]}\n`);
  process.exit(2);
}

function parseArgs(args: readonly string[]): { batchSize: number } | 'help' {
  let batchSize = 500;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '-h' || arg === '--help') return 'help';
    const match = /^--batch-size(?:=(.*))?$/.exec(arg);
    if (match === null) fail(`unknown argument ${JSON.stringify(arg)}`);
    const value = match[1] ?? args[++index];
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000)
      fail('--batch-size takes a whole number from 1 to 10000');
    batchSize = Number(value);
  }
  return { batchSize };
}

const args = parseArgs(process.argv.slice(2));
if (args === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const { driver, log } = operatorTool(NAME);
const graph = new EventGraph(driver, {}, true);
const start = performance.now();
try {
  // The history index's own index, as every worker creates at start.
  await graph.ensureSchema();
  log(`migrating the graph in batches of ${args.batchSize}`);
  const summary = await migrateGraph(graph, {
    // Both protocols, as the workers store them: a CDEvent is no unreadable Eiffel event.
    protocol: pipelineProtocol,
    ownedProperties: (type) =>
      isEiffelEventType(type) ? eiffelIndexedPropertyNames(type) : CDEVENTS_INDEXED_PROPERTY_NAMES,
    batchSize: args.batchSize,
    progress: log,
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  log(
    `done: ${summary.eventsScanned} events scanned, properties updated on ${summary.eventsUpdated} events ` +
      `(${summary.propertiesSet} set, ${summary.propertiesRemoved} removed), ` +
      `${summary.eventsKeyed} given the keys links are derived by, ` +
      `${summary.eventsIndexed} events indexed, ${summary.unreadable} unreadable, ${seconds} s`,
  );
} catch (error) {
  const code = (error as { code?: unknown }).code;
  log(
    `failed${typeof code === 'string' ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
  );
  log('what was migrated is committed; run it again to go on');
  process.exitCode = 1;
} finally {
  await graph.close();
}
