import { randomUUID } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { EVENT_LABEL, PLACEHOLDER_LABEL } from './graph-vocabulary.js';

// Retention (issue 23): a graph that grows by millions of events a day is kept bounded by purging
// what no one will ask about again — events older than a cutoff that no retained release and no
// newer event reaches. Everything a kept event links to is kept (the kept set is closed under
// links), so no kept event loses a link and a retained release's trace answers stay the same.

/** What a purge keeps, besides every event at or after the cutoff. */
export interface RetentionOptions {
  /** Events stored with a time before this (ms since the epoch) may go. */
  readonly cutoff: number;
  /** Confidence levels that make a release worth keeping (`name` with value SUCCESS), e.g. `RELEASE_CANDIDATE`. */
  readonly confidenceLevels?: readonly string[];
  /** Environments whose CDEvents deployments are kept (production), tested against `environmentId`. */
  readonly productionEnvironment?: { test(environment: string): boolean };
  /** Nodes per transaction when marking and deleting. Default 5000. */
  readonly batchSize?: number;
  /** Deletes nothing: reports what a purge would delete. */
  readonly dryRun?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface RetentionSummary {
  /** Retained releases (confidence levels, production deployments) older than the cutoff. */
  readonly retainedReleases: number;
  /** Events kept: the newer ones, the retained releases and all they reach. */
  readonly kept: number;
  /** Events (and placeholders) deleted, or that would be on a dry run. */
  readonly deleted: number;
  readonly placeholdersDeleted: number;
}

const KEEP_INDEX = `CREATE INDEX tracey_retention_frontier IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n._keepFrontier)`;

// Roots: every event at or after the cutoff (the time index), and the retained releases by id.
const MARK_RECENT = `MATCH (n:${EVENT_LABEL}) WHERE n.time >= $cutoff
CALL (n) { SET n._keep = $run, n._keepFrontier = $run } IN TRANSACTIONS OF $batch ROWS`;
const MARK_IDS = `UNWIND $ids AS id MATCH (n:${EVENT_LABEL} {id: id})
SET n._keep = $run, n._keepFrontier = $run`;
const RETAINED_CONFIDENCE = `MATCH (n:EiffelConfidenceLevelModifiedEvent)
WHERE n.time < $cutoff AND n.name IN $names AND n.value = 'SUCCESS' RETURN n.id AS id`;
const DEPLOYMENTS = `MATCH (n:CDServiceDeployed|CDServiceUpgraded|CDServiceRolledback)
WHERE n.time < $cutoff AND n.environmentId IS NOT NULL RETURN n.id AS id, n.environmentId AS environment`;

// One step of the walk: a page of the frontier hands its mark to every node it links to that has
// none of this run yet. Placeholders included: a kept event's link to one stays.
const EXPAND = `MATCH (n:${EVENT_LABEL} {_keepFrontier: $run})
WITH n LIMIT $batch
REMOVE n._keepFrontier
WITH n
OPTIONAL MATCH (n)-->(m:${EVENT_LABEL}) WHERE m._keep IS NULL OR m._keep <> $run
SET m._keep = $run, m._keepFrontier = $run
RETURN count(DISTINCT n) AS expanded, count(DISTINCT m) AS marked`;

// Events workers stored while the run marked: roots too, with all they reach (a second walk).
// `storedAt` is the worker's clock when it began the batch: the margin covers a batch begun
// before the run and committed after, and clocks a few minutes apart.
const STORED_DURING = 10 * 60_000;
const MARK_STORED_SINCE = `MATCH (n:${EVENT_LABEL}) WHERE n.storedAt >= $storedSince AND coalesce(n._keep, '') <> $run
CALL (n) { SET n._keep = $run, n._keepFrontier = $run } IN TRANSACTIONS OF $batch ROWS`;

// What goes: stored before the cutoff, unmarked, and linked from no event stored since the run
// began — checked again in the transaction that deletes it (a worker may link to it meanwhile).
const UNKEPT = (node: string): string =>
  `coalesce(${node}._keep, '') <> $run AND NOT EXISTS { (${node})<--(s:${EVENT_LABEL}) WHERE s.storedAt >= $storedSince }`;
const COUNT_DOOMED = `MATCH (n:${EVENT_LABEL}) WHERE n.time < $cutoff AND ${UNKEPT('n')} RETURN count(n) AS count`;
const DELETE_DOOMED = `MATCH (n:${EVENT_LABEL}) WHERE n.time < $cutoff AND ${UNKEPT('n')}
CALL (n) { WITH n WHERE ${UNKEPT('n')} DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS`;
const COUNT_PLACEHOLDERS = `MATCH (p:${PLACEHOLDER_LABEL}) WHERE p.placeholderSince < $cutoff AND ${UNKEPT('p')}
RETURN count(p) AS count`;
const DELETE_PLACEHOLDERS = `MATCH (p:${PLACEHOLDER_LABEL}) WHERE p.placeholderSince < $cutoff AND ${UNKEPT('p')}
CALL (p) { WITH p WHERE ${UNKEPT('p')} DETACH DELETE p } IN TRANSACTIONS OF $batch ROWS`;
const COUNT_KEPT = `MATCH (n:${EVENT_LABEL} {_keep: $run}) RETURN count(n) AS count`;
const UNMARK = `MATCH (n:${EVENT_LABEL}) WHERE n._keep = $run
CALL (n) { REMOVE n._keep, n._keepFrontier } IN TRANSACTIONS OF $batch ROWS`;

// One purge at a time: a second run's marks would hide the first's. The lock names its run and
// when it began; one older than LOCK_STALE_MS (a run that died) is taken over.
const LOCK_STALE_MS = 6 * 3_600_000;
const LOCK_CONSTRAINT =
  'CREATE CONSTRAINT tracey_retention_lock IF NOT EXISTS FOR (l:RetentionLock) REQUIRE l.name IS UNIQUE';
const TAKE_LOCK = `MERGE (l:RetentionLock {name: 'purge'})
ON CREATE SET l.run = $run, l.since = $started
WITH l, l.run = $run OR l.since < $stale AS mine
SET l.run = CASE WHEN mine THEN $run ELSE l.run END, l.since = CASE WHEN mine THEN $started ELSE l.since END
RETURN mine, l.since AS since`;
const RELEASE_LOCK = `MATCH (l:RetentionLock {name: 'purge', run: $run}) DELETE l`;
// The run says it is alive as it goes: a lock is stale only when its run stopped saying so.
const HEARTBEAT = `MATCH (l:RetentionLock {name: 'purge', run: $run}) SET l.since = timestamp() RETURN count(l) AS mine`;

/** Another purge holds the graph; `since` is when it began. */
export class PurgeRunning extends Error {
  constructor(readonly since: number) {
    super(`another purge has been running since ${new Date(since).toISOString()}`);
  }
}

const countOf = (records: readonly { get(key: string): unknown }[]): number =>
  Number(records[0]?.get('count') ?? 0);

/**
 * Deletes the events older than `options.cutoff` that no retained release (a confidence level of
 * `confidenceLevels` with value SUCCESS, a CDEvents deployment to a `productionEnvironment`) and no
 * event at or after the cutoff reaches, following every link. Batched (`CALL … IN TRANSACTIONS`):
 * workers may keep writing; an event they link to while it runs is kept. Idempotent.
 * @throws PurgeRunning when another purge holds the graph
 */
export async function purgeGraph(driver: Driver, options: RetentionOptions): Promise<RetentionSummary> {
  const run = randomUUID();
  const started = Date.now();
  const batch = options.batchSize ?? 5000;
  const log = options.onProgress ?? (() => undefined);
  // Row counts (`LIMIT`, `OF … ROWS`) must be Cypher integers, not the driver's floats.
  const params = {
    run,
    cutoff: options.cutoff,
    started,
    storedSince: started - STORED_DURING,
    batch: neo4j.int(batch),
  };
  // Another run took the lock over (this one was thought dead): stop before deleting anything.
  const stillMine = async (): Promise<void> => {
    const { records } = await driver.executeQuery(HEARTBEAT, { run });
    if (Number(records[0]?.get('mine') ?? 0) === 0) throw new PurgeRunning(Date.now());
  };
  const session = () => driver.session({ defaultAccessMode: 'WRITE' });
  // `CALL … IN TRANSACTIONS` runs only in an auto-commit transaction: a session's own `run`.
  const autoCommit = async (cypher: string, parameters: Record<string, unknown> = params) => {
    const s = session();
    try {
      return (await s.run(cypher, parameters)).records;
    } finally {
      await s.close();
    }
  };
  await autoCommit(LOCK_CONSTRAINT, {});
  const lock = await driver.executeQuery(TAKE_LOCK, { run, started, stale: started - LOCK_STALE_MS });
  if (lock.records[0]?.get('mine') !== true) throw new PurgeRunning(Number(lock.records[0]?.get('since')));
  try {
    await autoCommit(KEEP_INDEX, {});
    await autoCommit('CALL db.awaitIndexes(300)', {});
    await autoCommit(MARK_RECENT);

    const retained: string[] = [];
    if ((options.confidenceLevels ?? []).length > 0)
      for (const record of await driver
        .executeQuery(
          RETAINED_CONFIDENCE,
          { ...params, names: options.confidenceLevels },
          { routing: 'READ' },
        )
        .then((result) => result.records))
        retained.push(record.get('id') as string);
    const production = options.productionEnvironment;
    if (production !== undefined)
      for (const record of await driver
        .executeQuery(DEPLOYMENTS, params, { routing: 'READ' })
        .then((result) => result.records))
        if (production.test(record.get('environment') as string)) retained.push(record.get('id') as string);
    for (let i = 0; i < retained.length; i += batch)
      await driver.executeQuery(MARK_IDS, { ...params, ids: retained.slice(i, i + batch) });
    log(`${retained.length} retained releases before the cutoff; marking what they and newer events reach`);

    const walk = async (): Promise<void> => {
      for (let steps = 0; ; steps++) {
        const { records } = await driver.executeQuery(EXPAND, params);
        if (Number(records[0]?.get('expanded') ?? 0) === 0) break;
        if (steps % 20 === 19) {
          log(`marking: ${steps + 1} pages walked`);
          await stillMine();
        }
      }
    };
    await walk();
    // What workers stored meanwhile, and what it reaches, stays too.
    await autoCommit(MARK_STORED_SINCE);
    await walk();
    await stillMine();
    const kept = countOf(await autoCommit(COUNT_KEPT));
    const deleted = countOf(await autoCommit(COUNT_DOOMED));
    const placeholdersDeleted = countOf(await autoCommit(COUNT_PLACEHOLDERS));
    if (options.dryRun !== true) {
      log(`deleting ${deleted} events and ${placeholdersDeleted} placeholders`);
      await autoCommit(DELETE_DOOMED);
      await autoCommit(DELETE_PLACEHOLDERS);
    }
    return { retainedReleases: retained.length, kept, deleted, placeholdersDeleted };
  } finally {
    // The marks are this run's only: no property of it stays on the graph, whatever happened.
    await autoCommit(UNMARK).catch(() => undefined);
    await driver.executeQuery(RELEASE_LOCK, { run }).catch(() => undefined);
  }
}
