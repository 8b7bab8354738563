import type { ReadTransaction } from '@tracey/graph';
import neo4j from 'neo4j-driver';
import type { PlanOperator } from './cypher-plan-check.js';

export interface CypherRows {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  /** True when the result had more rows than the cap; `rows` then holds the cap. */
  readonly overCap: boolean;
}

/**
 * Runs a user statement in the caller's (READ) transaction and reads at most `cap + 1` rows.
 * Write refusal is the database's: a READ transaction rejects writes with
 * `Neo.ClientError.Statement.AccessMode`, whatever the statement looks like.
 */
export async function runUserCypher(
  tx: ReadTransaction,
  query: string,
  params: Record<string, unknown>,
  cap: number,
): Promise<CypherRows> {
  const rows: Record<string, unknown>[] = [];
  let columns: string[] = [];
  let overCap = false;
  const result = tx.run(query, params);
  for await (const record of result) {
    if (rows.length === 0) columns = [...record.keys] as string[];
    if (rows.length >= cap) {
      overCap = true;
      break;
    }
    const row: Record<string, unknown> = {};
    for (const key of record.keys) row[key as string] = toJsonValue(record.get(key));
    rows.push(row);
  }
  if (rows.length === 0) columns = [...(await result.keys())];
  return { columns, rows, overCap };
}

/**
 * Neo4j's plan of a user statement, without running it: `EXPLAIN <statement>` (Neo4j takes
 * `EXPLAIN EXPLAIN …` and `EXPLAIN CYPHER 5 …`); a `PROFILE` statement is planned with its
 * `PROFILE` turned into `EXPLAIN`, as Neo4j refuses both modes at once.
 */
export async function explainUserCypher(
  tx: ReadTransaction,
  query: string,
  params: Record<string, unknown>,
): Promise<PlanOperator> {
  // A failed statement fails the whole (managed) transaction: the PROFILE is found before asking Neo4j.
  // One this misses comes back as Neo4j's "conflicting values for execution mode" (400).
  const result = await tx.run(profileAsExplain(query) ?? `EXPLAIN ${query}`, params);
  const { plan } = result.summary;
  if (plan === false) throw new Error('Neo4j returned no plan for an EXPLAIN');
  return plan;
}

// Tokens of a statement's pre-parser prefix: `CYPHER 5 runtime=slotted PROFILE` and comments.
// Each is matched where the last ended (sticky), with no nested repetition.
const PREFIX_TOKENS = [
  /\s+/y,
  /\/\/[^\n]*/y,
  /\/\*[\s\S]*?\*\//y,
  /[A-Za-z0-9_.]+(?:\s*=\s*[A-Za-z0-9_.]+)?/y,
];
const PREFIX_WORD = /^(?:CYPHER|\d+(?:\.\d+)?|[A-Za-z0-9_.]+\s*=\s*[A-Za-z0-9_.]+)$/i;

/** `query` with the PROFILE of its prefix replaced by EXPLAIN, or undefined when there is none. */
export function profileAsExplain(query: string): string | undefined {
  let at = 0;
  while (at < query.length) {
    const token = PREFIX_TOKENS.map((pattern) => {
      pattern.lastIndex = at;
      return pattern.exec(query)?.[0];
    }).find((text) => text !== undefined);
    if (token === undefined) return undefined;
    if (/^PROFILE$/i.test(token)) return `${query.slice(0, at)}EXPLAIN${query.slice(at + token.length)}`;
    const isWord = /^[A-Za-z0-9_.]/.test(token);
    if (isWord && !PREFIX_WORD.test(token)) return undefined;
    at += token.length;
  }
  return undefined;
}

/** Driver values as JSON: nodes, relationships and paths as objects, temporals as ISO text. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.toNumber();
  if (neo4j.isNode(value)) {
    return { elementId: value.elementId, labels: value.labels, properties: toJsonValue(value.properties) };
  }
  if (neo4j.isRelationship(value)) {
    return {
      elementId: value.elementId,
      type: value.type,
      start: value.startNodeElementId,
      end: value.endNodeElementId,
      properties: toJsonValue(value.properties),
    };
  }
  if (neo4j.isPath(value)) {
    return {
      start: toJsonValue(value.start),
      end: toJsonValue(value.end),
      segments: value.segments.map((segment) => ({
        start: toJsonValue(segment.start),
        relationship: toJsonValue(segment.relationship),
        end: toJsonValue(segment.end),
      })),
    };
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') {
    if (isTemporalOrPoint(value)) return (value as { toString(): string }).toString();
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toJsonValue(inner);
    return out;
  }
  return value;
}

function isTemporalOrPoint(value: object): boolean {
  return (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isDuration(value) ||
    neo4j.isPoint(value)
  );
}
