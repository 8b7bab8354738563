import { randomUUID } from 'node:crypto';
import neo4j, {
  type Config,
  type Driver,
  type ManagedTransaction,
  type Session,
  type SessionMode,
} from 'neo4j-driver';
import { TraceyError } from '@tracey/common';
import type { EventRow } from './event-row.js';
import { sameContent, type HashedJson } from './content-hash.js';
import {
  AWAIT_INDEXES,
  CREATE_LINKS_CYPHER,
  DERIVE_LINKS_CYPHER,
  GET_EVENT_CYPHER,
  HISTORY_CHAIN_LINKS,
  INDEX_HISTORY_CYPHER,
  MISSING_TARGETS_CYPHER,
  PLACEHOLDER_COUNT_CYPHER,
  SCHEMA_STATEMENTS,
  WRITE_EVENTS_CYPHER,
} from './graph-cypher.js';
import { toGraphError } from './graph-error.js';
import { autoCommitReads, retryRead, type ReadTransaction } from './auto-commit-read.js';
import { enlargeBoltWrites } from './bolt-chunk-size.js';
import {
  checkedVocabulary,
  pipelineGraphVocabulary,
  GENERIC_LINK_TYPE,
  type GraphVocabulary,
} from './graph-vocabulary.js';
import { DERIVATION_KINDS, type DerivedKey } from './derived-links.js';
import { derivationParameters, eventParameters, linkParameters } from './write-parameters.js';

/** What happened to one event of a batch. */
export type WriteOutcome =
  | { readonly id: string; readonly status: 'stored' }
  | { readonly id: string; readonly status: 'duplicate' }
  | {
      readonly id: string;
      readonly status: 'conflict';
      readonly storedHash: string;
      /** The stored event's JSON text, to tell a later row of the same id from it. */
      readonly storedJson: string;
    };

/** A link target that has no event yet: a placeholder node. */
export interface MissingLinkTarget {
  readonly id: string;
  /** When the first link to it was stored, ms since the epoch. */
  readonly since: number;
  /** Age in ms at the time of the query. */
  readonly ageMs: number;
  readonly linkedFrom: readonly {
    readonly source: string;
    readonly sourceType: string;
    readonly linkType: string;
  }[];
}

export interface Neo4jConnectionOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** PEM file of the CA that signed Neo4j's certificate (TRACEY_NEO4J_CA_FILE): TLS, verified against it. */
  readonly caFile?: string | undefined;
}

/** Options of one read. */
export interface TransactionOptions {
  /** Timeout of the read's statements together, enforced by Neo4j, in ms. Default: the server's. */
  readonly timeoutMs?: number;
  /**
   * All statements in one managed transaction (BEGIN … COMMIT) instead of an auto-commit one
   * each. For statements a user wrote: Neo4j then also refuses what only an auto-commit
   * transaction may run (`CALL { … } IN TRANSACTIONS`). Default `false`.
   */
  readonly managed?: boolean;
}

export interface EventGraphOptions {
  /** Labels and relationship types; default the Eiffel protocol's. */
  readonly vocabulary?: GraphVocabulary;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Write the history index with each batch (step 4). Default `true`; `false` only to measure
   * what the index costs (`npm run bench:ingest`): lead time over long histories needs it.
   */
  readonly historyIndex?: boolean;
  /**
   * Derive links from content with each batch (step 3). Default `true`; `false` only to measure
   * what derivation costs (`npm run bench:ingest`).
   */
  readonly derivedLinks?: boolean;
}

/**
 * The read surface: what the query API and the adapter's lookups use. Reads only; a caller holding
 * a `GraphReader` cannot write, whatever it is handed.
 */
export interface GraphReader {
  ping(): Promise<void>;
  getEventJson(id: string): Promise<string | undefined>;
  missingLinkTargets(limit?: number, options?: TransactionOptions): Promise<MissingLinkTarget[]>;
  placeholderCount(): Promise<number>;
  read<T>(
    operation: string,
    work: (tx: ReadTransaction) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  close(): Promise<void>;
}

/** The write surface, the aggregator's: the schema, batches of events, migrations. */
export interface GraphWriter extends GraphReader {
  ensureSchema(): Promise<void>;
  writeEvents(rows: readonly EventRow[]): Promise<WriteOutcome[]>;
  write<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
}

/**
 * The graph module: the one place that talks to Neo4j. Writes in managed (or, for batches,
 * explicit) transactions, reads in auto-commit ones; every driver error leaves as a `TraceyError`
 * from {@link toGraphError}.
 */
export class EventGraph implements GraphWriter {
  private readonly labels: ReadonlySet<string>;
  private readonly relationshipTypes: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly historyIndex: boolean;
  private readonly derivedLinks: boolean;
  // Every session of this graph shares one bookmark manager: a read sees every write this graph
  // committed before it (causal consistency), also when a cluster routes it to another member.
  private readonly bookmarkManager = neo4j.bookmarkManager();

  constructor(
    private readonly driver: Driver,
    options: EventGraphOptions = {},
    private readonly ownsDriver = false,
  ) {
    // Large batches reach Neo4j in ~64 KB writes, not 1,400-byte ones (bolt-chunk-size.ts).
    enlargeBoltWrites();
    const vocabulary = checkedVocabulary(options.vocabulary ?? pipelineGraphVocabulary);
    this.labels = new Set(vocabulary.eventLabels);
    this.relationshipTypes = new Set([...vocabulary.relationshipTypes, GENERIC_LINK_TYPE]);
    this.now = options.now ?? Date.now;
    this.historyIndex = options.historyIndex ?? true;
    this.derivedLinks = options.derivedLinks ?? true;
  }

  /** Connects a driver of its own, closed by {@link EventGraph.close}. */
  static connect(connection: Neo4jConnectionOptions, options: EventGraphOptions = {}): EventGraph {
    const { url, tls } = neo4jTls(connection);
    const driver = neo4j.driver(url, neo4j.auth.basic(connection.user, connection.password), {
      ...tls,
      disableLosslessIntegers: true,
      // The caller retries with its own backoff; the driver's own retries stay short.
      maxTransactionRetryTime: 5_000,
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 10_000,
    });
    return new EventGraph(driver, options, true);
  }

  /** {@link EventGraph.connect}, typed as the read surface only. */
  static connectReader(connection: Neo4jConnectionOptions, options: EventGraphOptions = {}): GraphReader {
    return EventGraph.connect(connection, options);
  }

  /** Checks that Neo4j answers and accepts the credentials. */
  async ping(): Promise<void> {
    await this.read('ping', (tx) => tx.run('RETURN 1'));
  }

  /** Creates the constraint and indexes when missing and waits until they are online. Idempotent. */
  async ensureSchema(): Promise<void> {
    for (const statement of SCHEMA_STATEMENTS) {
      try {
        await this.write('schema', (tx) => tx.run(statement));
      } catch (error) {
        // Another worker created the same rule at the same moment: that is the goal reached.
        if (
          toGraphError(error, 'schema').details['neo4jCode'] !==
          'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists'
        ) {
          throw error;
        }
      }
    }
    await this.read('schema', (tx) => tx.run(AWAIT_INDEXES));
  }

  /**
   * Runs every statement of {@link EventGraph.writeEvents} once on a small batch of made-up events
   * in a transaction that is rolled back, so that the first real batch after a start does not pay
   * for planning and Neo4j's first executions: on a Neo4j just started, the first batch of 500
   * took 5.9 s against ~0.2 s later (docs/BENCHMARKS.md#ingest). Nothing is stored.
   */
  async prepareWrites(): Promise<void> {
    const session = this.session(neo4j.session.WRITE);
    try {
      const tx = await session.beginTransaction();
      try {
        await this.writeBatch(tx, warmUpRows(this.labels, this.relationshipTypes));
      } finally {
        await tx.rollback();
      }
    } catch (error) {
      throw toGraphError(error, 'prepare writes');
    } finally {
      await session.close();
    }
  }

  /**
   * Writes a batch in one transaction: the events with their type labels (step 1), then the
   * links of those stored now (step 2), the links derived from their content (step 3), then
   * their place in the history index (step 4, in the
   * order of `rows`: publish order puts parents first). Ids must be unique within the batch; outcomes come in
   * the order of `rows`.
   * @throws TraceyError with a `GRAPH_*` code; `retryable` tells whether the same batch may succeed later.
   */
  async writeEvents(rows: readonly EventRow[]): Promise<WriteOutcome[]> {
    if (rows.length === 0) return [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    if (byId.size !== rows.length) throw new Error('writeEvents: event ids must be unique within a batch');
    for (const row of rows) this.checkVocabulary(row);
    const previous = await this.write('write events', (tx) => this.writeBatch(tx, rows));
    return rows.map((row): WriteOutcome => {
      const stored = previous.get(row.id);
      if (stored === undefined) return { id: row.id, status: 'stored' };
      return sameContent(stored, row)
        ? { id: row.id, status: 'duplicate' }
        : { id: row.id, status: 'conflict', storedHash: stored.hash, storedJson: stored.json };
    });
  }

  /**
   * Steps 1–4 of {@link EventGraph.writeEvents} in `tx`: what each id already stored had, its hash
   * and (when the hash is not the row's) its JSON text; ids stored now are not in the map.
   */
  private async writeBatch(
    tx: Pick<ManagedTransaction, 'run'>,
    rows: readonly EventRow[],
  ): Promise<Map<string, HashedJson>> {
    const now = neo4j.int(this.now());
    const result = await tx.run(WRITE_EVENTS_CYPHER, { events: eventParameters(rows), now });
    const previous = new Map<string, HashedJson>();
    const nodes = new Map<string, string>();
    for (const record of result.records) {
      const id = record.get('id') as string;
      const hash = record.get('previousHash') as string | null;
      // The stored text comes only when its hash is another: an equal hash never reads it.
      if (hash !== null)
        previous.set(id, { hash, json: (record.get('previousJson') as string | null) ?? '' });
      nodes.set(id, record.get('node') as string);
    }
    const storedNow = rows.filter((row) => !previous.has(row.id));
    // Steps 2–4 go out together: Neo4j runs a transaction's statements one after the other in
    // the order sent, so each still sees what the one before wrote, without a round trip each.
    const steps: Promise<unknown>[] = [];
    const links = linkParameters(storedNow, nodes);
    if (links.length > 0) steps.push(tx.run(CREATE_LINKS_CYPHER, { links, now }));
    for (const kind of this.derivedLinks ? DERIVATION_KINDS : []) {
      const derivations = derivationParameters(storedNow, kind, nodes);
      if (derivations !== undefined) steps.push(tx.run(DERIVE_LINKS_CYPHER[kind], derivations));
    }
    if (this.historyIndex && storedNow.length > 0) {
      const history = storedNow.map((row) => nodes.get(row.id));
      steps.push(tx.run(INDEX_HISTORY_CYPHER, { nodes: history, chainLinks: HISTORY_CHAIN_LINKS }));
    }
    await Promise.all(steps);
    return previous;
  }

  // Labels and relationship types reach Neo4j as dynamic values: only the vocabulary's members.
  // Rows are built from the same vocabulary, so a miss is a bug, not bad input.
  private checkVocabulary(row: EventRow): void {
    if (row.label !== undefined && !this.labels.has(row.label))
      throw new Error(`graph vocabulary has no label ${row.label}`);
    for (const link of row.links) {
      if (!this.relationshipTypes.has(link.relationshipType))
        throw new Error(`graph vocabulary has no relationship type ${link.relationshipType}`);
    }
  }

  /** The stored event with `id` as JSON text, or `undefined` (unknown id or only a placeholder). */
  async getEventJson(id: string): Promise<string | undefined> {
    const result = await this.read('get event', (tx) => tx.run(GET_EVENT_CYPHER, { id }));
    return (result.records[0]?.get('json') as string | undefined) ?? undefined;
  }

  /** Placeholders, oldest first: events linked to that have not arrived (yet). */
  async missingLinkTargets(limit = 100, options: TransactionOptions = {}): Promise<MissingLinkTarget[]> {
    const result = await this.read(
      'missing link targets',
      (tx) => tx.run(MISSING_TARGETS_CYPHER, { limit: neo4j.int(limit) }),
      options,
    );
    const now = this.now();
    return result.records.map((record) => {
      const since = record.get('since') as number;
      return {
        id: record.get('id') as string,
        since,
        ageMs: Math.max(0, now - since),
        linkedFrom: record.get('linkedFrom') as MissingLinkTarget['linkedFrom'],
      };
    });
  }

  /** Number of placeholder nodes. */
  async placeholderCount(): Promise<number> {
    const result = await this.read('placeholder count', (tx) => tx.run(PLACEHOLDER_COUNT_CYPHER));
    return result.records[0]?.get('count') as number;
  }

  /**
   * Runs `work`'s statements in a READ session, each its own auto-commit transaction (one round
   * trip each, auto-commit-read.ts) unless `managed`, `work` retried whole on what Neo4j calls
   * retryable; for queries built on this graph model (the query API). Statements must keep labels
   * and relationship types out of user input. `timeoutMs` bounds them together, enforced by
   * Neo4j. A `TraceyError` thrown by `work` itself leaves unchanged.
   */
  async read<T>(
    operation: string,
    work: (tx: ReadTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    try {
      // A managed transaction is retried by the driver itself.
      return options.managed === true
        ? await this.inSession(neo4j.session.READ, (session) =>
            session.executeRead(work, options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
          )
        : await retryRead(() =>
            this.inSession(neo4j.session.READ, (session) =>
              work(autoCommitReads(session, options.timeoutMs)),
            ),
          );
    } catch (error) {
      if (error instanceof TraceyError) throw error;
      throw toGraphError(error, operation);
    }
  }

  /** Runs `work` in a managed write transaction, errors mapped like {@link EventGraph.read}. */
  async write<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    try {
      return await this.inSession(neo4j.session.WRITE, (session) => session.executeWrite(work));
    } catch (error) {
      throw toGraphError(error, operation);
    }
  }

  /**
   * The bookmarks of the last transactions this graph committed: what a process that must read
   * this graph's writes elsewhere (another driver, another process) waits for.
   */
  async bookmarks(): Promise<string[]> {
    return [...(await this.bookmarkManager.getBookmarks())];
  }

  private session(mode: SessionMode) {
    return this.driver.session({ defaultAccessMode: mode, bookmarkManager: this.bookmarkManager });
  }

  /** `use` of a session of its own, closed after, whatever `use` answers. */
  private async inSession<R>(mode: SessionMode, use: (session: Session) => Promise<R>): Promise<R> {
    const session = this.session(mode);
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  }

  /** Closes the driver when this graph opened it. */
  async close(): Promise<void> {
    if (this.ownsDriver) await this.driver.close();
  }
}

/**
 * The driver's URL and TLS settings: with a CA file (TRACEY_NEO4J_CA_FILE), encrypted and verified
 * against that CA. The driver takes a custom CA only with a plain scheme, so `bolt+s://` and
 * `neo4j+s://` (`+ssc` too) become `bolt://` and `neo4j://` with encryption on: the connection is
 * TLS either way, and a certificate another CA signed is refused.
 */
export function neo4jTls(connection: Neo4jConnectionOptions): { url: string; tls: Config } {
  if (connection.caFile === undefined || connection.caFile === '') return { url: connection.url, tls: {} };
  return {
    url: connection.url.replace(/^(bolt|neo4j)\+s{1,2}c?:/, '$1:'),
    tls: {
      encrypted: 'ENCRYPTION_ON',
      trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES',
      trustedCertificates: [connection.caFile],
    },
  };
}

/**
 * Made-up events for {@link EventGraph.prepareWrites}: ids no producer uses, a link between them
 * and one to an absent event, a key of every kind each defines or names, a version link.
 */
function warmUpRows(labels: ReadonlySet<string>, relationshipTypes: ReadonlySet<string>): EventRow[] {
  const id = () => `tracey-warm-up-${randomUUID()}`;
  const [first, second, absent] = [id(), id(), id()];
  const label = labels.values().next().value;
  const type = relationshipTypes.has(HISTORY_CHAIN_LINKS[0] ?? '')
    ? HISTORY_CHAIN_LINKS[0]!
    : GENERIC_LINK_TYPE;
  const row = (rowId: string, links: EventRow['links'], derived: readonly DerivedKey[]): EventRow => ({
    id: rowId,
    type: label ?? 'TraceyWarmUp',
    label,
    hash: rowId,
    json: '{}',
    properties: { time: 0 },
    links,
    derived,
  });
  return [
    row(
      first,
      [],
      DERIVATION_KINDS.map((kind) => ({ kind, key: first, rank: 0 })),
    ),
    row(
      second,
      [
        { relationshipType: type, linkType: type, target: first, targetTypes: 'any' },
        { relationshipType: GENERIC_LINK_TYPE, linkType: 'WARM_UP', target: absent, targetTypes: [] },
      ],
      DERIVATION_KINDS.map((kind) => ({ kind, key: second, ref: first, rank: 0, below: 1, field: 'warmUp' })),
    ),
  ];
}
