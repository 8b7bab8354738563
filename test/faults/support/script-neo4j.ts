import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServiceEndpoints } from '@tracey/testing';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

// Neo4j alone: `scripts/services.sh stop` would stop a RabbitMQ it started as well, and that broker
// is shared. The functions are the script's own, with the caller's TRACEY_SERVICES_DIR and ports.
const NEO4J = 'source scripts/lib/common.sh && source scripts/lib/neo4j.sh';

function neo4jScript(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ stdout: string; stderr: string }> {
  return run('bash', ['-c', `set -euo pipefail; ${NEO4J}; ${command}`], {
    cwd: root,
    env,
    timeout: 300_000,
  });
}

// The harness's own server (scripts/test-services.sh) is found by the settings it started it with,
// and never adopts another on restart; a server the environment names, by the caller's settings.
function scriptEnv(services: ServiceEndpoints): Readonly<Record<string, string | undefined>> {
  if (services.neo4jScriptEnv === undefined) return process.env;
  return {
    ...process.env,
    ...services.neo4jScriptEnv,
    TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    TRACEY_NEO4J_ADOPT: 'no',
  };
}

/**
 * The Neo4j server that `scripts/services.sh start` runs (java under TRACEY_SERVICES_DIR), stopped
 * and started for real through the script's functions.
 */
export class ScriptNeo4j {
  private constructor(
    readonly pid: number,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /**
   * The script's server, when it is the one the tests use.
   * @throws Error naming what to set when the tests' Neo4j is not the script's (a container, or a
   *   server the environment names): this fault only restarts a server it can start again.
   */
  static async of(services: ServiceEndpoints): Promise<ScriptNeo4j> {
    const env = scriptEnv(services);
    const { stdout } = await neo4jScript('echo "$NEO4J_BOLT_PORT $(neo4j_pid || echo none)"', env);
    const [port = '', pid = 'none'] = stdout.trim().split(' ');
    const wanted = new URL(services.neo4jUrl);
    const local = ['127.0.0.1', 'localhost'].includes(wanted.hostname);
    if (!local || (wanted.port || '7687') !== port || pid === 'none') {
      throw new Error(
        `the Neo4j restart fault stops and starts the Neo4j of scripts/services.sh, but the tests use ` +
          `${services.neo4jUrl} (${services.neo4jSource}) and the script's server on port ${port} is ` +
          `${pid === 'none' ? 'not running' : `pid ${pid}`}. Start it with 'npm run services:start' ` +
          `(TRACEY_SERVICES_DIR, TRACEY_NEO4J_BOLT_PORT, TRACEY_NEO4J_HTTP_PORT as for the tests), or ` +
          `leave TRACEY_NEO4J_URL unset so that the harness starts its own (scripts/test-services.sh).`,
      );
    }
    return new ScriptNeo4j(Number(pid), env);
  }

  /** `neo4j_stop`: SIGTERM, then waits for the JVM to exit. */
  async stop(): Promise<void> {
    await neo4jScript('neo4j_stop', this.env);
  }

  /** `neo4j_start`: starts the JVM and waits until Bolt answers an authenticated query. */
  async start(): Promise<void> {
    await neo4jScript('neo4j_start', this.env);
  }
}
