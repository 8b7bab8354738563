import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SANDBOX_CONF = fileURLToPath(new URL('../../services/neo4j/sandbox.conf', import.meta.url));

/**
 * The Neo4j settings of services/neo4j/sandbox.conf (Cypher stays inside the graph), as
 * `name → value`: what scripts/lib/neo4j.sh writes, and what compose and the tests' container set.
 */
export function neo4jSandboxSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of readFileSync(SANDBOX_CONF, 'utf8').split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const equals = text.indexOf('=');
    if (equals <= 0) throw new Error(`${SANDBOX_CONF}: not a setting: ${text}`);
    settings[text.slice(0, equals)] = text.slice(equals + 1);
  }
  return settings;
}

/** A setting's name as the Neo4j image's environment variable: `db.a_b` → `NEO4J_db_a__b`. */
export function neo4jImageVariable(setting: string): string {
  return `NEO4J_${setting.replaceAll('_', '__').replaceAll('.', '_')}`;
}
