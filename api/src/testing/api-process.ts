import {
  buildWorkspace,
  freePort,
  spawnService,
  waitUntil,
  type ServiceEndpoints,
  type ServiceProcess,
} from '@tracey/testing';

/** A spawned query API: its process (output kept for the test to read) and where it answers. */
export interface ApiProcess {
  readonly service: ServiceProcess;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly port: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `tracey-api` as deployed: `node api/dist/main.js` (built first, incrementally; CI has built it)
 * on a free port of 127.0.0.1, on the tests' Neo4j, with `env` on top of that; resolves once
 * `/health` answers.
 */
export async function startApiProcess(
  services: ServiceEndpoints,
  env: Record<string, string>,
): Promise<ApiProcess> {
  buildWorkspace('api');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = spawnService('api/dist/main.js', {
    TRACEY_NEO4J_URL: services.neo4jUrl,
    TRACEY_NEO4J_USER: services.neo4jUser,
    TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    TRACEY_API_PORT: String(port),
    ...env,
  });
  await waitUntil(
    'the API answers',
    async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok === true,
    30_000,
  );
  return {
    service,
    base,
    port,
    stop: async () => {
      service.child.kill('SIGTERM');
      await service.exited;
    },
  };
}
