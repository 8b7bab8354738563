import neo4j, { type ManagedTransaction } from 'neo4j-driver';

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
  tx: ManagedTransaction,
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
