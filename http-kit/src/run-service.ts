import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import {
  bindRefusal,
  createLogger,
  formatConfigIssues,
  formatHostPort,
  type ConfigResult,
  type GuardCredential,
  type Logger,
  type LogLevel,
} from '@tracey/common';

/** A service built and started, its app not yet listening. */
export interface StartedService {
  /** The app with the service's routes and `/health`, `/ready`, `/metrics`. */
  readonly app: FastifyInstance;
  /** Runs once the app listens (the aggregator starts consuming: its `/ready` says how far it is). */
  readonly afterListen?: () => Promise<void>;
  /** Stops everything in order; default: closes the app (its `onClose` hooks release the rest). */
  readonly stop?: () => Promise<void>;
}

/** How one Tracey process starts: `runService` does the rest. */
export interface ServiceDefinition<C extends { readonly logLevel: LogLevel }> {
  /** The process's name, e.g. `tracey-api`: logs and messages carry it. */
  readonly name: string;
  /** Parses the environment; every bad variable is listed and the process exits 2. */
  readonly loadConfig: (env: NodeJS.ProcessEnv) => ConfigResult<C>;
  /** Where the service listens; port 0: any free port. */
  readonly listen: (config: C) => { readonly host: string; readonly port: number };
  /**
   * Tokens that guard the service: listening where other machines reach it with a token's
   * published development value is refused (exit 2, see `bindRefusal`).
   */
  readonly credentials?: (config: C) => readonly GuardCredential[];
  /** The configuration as logged; default all of it (the logger redacts known secrets). */
  readonly shownConfig?: (config: C) => unknown;
  /** Builds and starts the service. */
  readonly start: (config: C, logger: Logger) => Promise<StartedService>;
  /** The message of an error at start that is bad input (exit 2, like a bad variable), else undefined. */
  readonly badInput?: (error: unknown) => string | undefined;
  /** How long a stop may take before the process exits 1 anyway; default 10 s. */
  readonly stopTimeoutMs?: number;
}

// Only these end the process gracefully; SIGHUP stays the adapter's (it re-reads its rules), and
// a process that runs out of work exits with the code it set.
const NOT_HANDLED = [
  'SIGHUP',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGSEGV',
  'SIGUSR2',
  'beforeExit',
] as const;

function stop(service: StartedService): Promise<void> {
  return service.stop === undefined ? service.app.close() : service.stop();
}

/**
 * The one startup of a Tracey process: configuration (exit 2 naming every bad variable), logger,
 * start, listen, and a graceful stop on SIGTERM or SIGINT (exit 0) or an uncaught error (exit 1)
 * through `close-with-grace`. A signal before the service runs exits 0 at once: nothing was taken
 * yet. A failure to start or listen exits 1.
 */
export async function runService<C extends { readonly logLevel: LogLevel }>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { name } = definition;
  const result = definition.loadConfig(env);
  if (!result.ok) {
    process.stderr.write(`${formatConfigIssues(name, result.issues)}\n`);
    process.exit(2);
  }
  const { config } = result;
  const { host, port } = definition.listen(config);
  const credentials = definition.credentials?.(config);
  const refusal = credentials === undefined ? undefined : bindRefusal(name, host, credentials);
  if (refusal !== undefined) {
    process.stderr.write(`${refusal}\n`);
    process.exit(2);
  }
  const logger = createLogger({ name, level: config.logLevel, pretty: process.stdout.isTTY });
  logger.info({ config: definition.shownConfig?.(config) ?? config }, 'configuration loaded');

  let service: StartedService | undefined;
  let stopping = false;
  closeWithGrace(
    {
      delay: definition.stopTimeoutMs ?? 10_000,
      skip: [...NOT_HANDLED],
      logger: {
        error: (what: unknown) =>
          typeof what === 'string' ? logger.error(what) : logger.error({ err: what }, 'shutdown failed'),
      },
    },
    async ({ signal, err }) => {
      stopping = true;
      if (err !== undefined) logger.fatal({ err }, `${name}: uncaught error, shutting down`);
      else logger.info({ signal }, 'shutting down');
      // Still starting: nothing was taken yet, nothing to finish.
      if (service !== undefined) await stop(service);
    },
  );

  try {
    const started = await definition.start(config, logger);
    service = started;
    await started.app.listen({ port, host });
    const address = started.app.server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    const listen = formatHostPort(host, bound);
    logger.info({ port: bound, listen }, `${name} listening on ${listen}`);
    await started.afterListen?.();
  } catch (error) {
    // Stopped while starting: the stop ends the process.
    if (stopping) return;
    const message = definition.badInput?.(error);
    if (message !== undefined) {
      // Bad input, like a bad variable: the reasons alone, exit 2.
      process.stderr.write(`${name}: ${message}\n`);
      process.exit(2);
    }
    logger.fatal({ err: error }, `${name} failed to start`);
    if (service !== undefined) await stop(service).catch(() => undefined);
    process.exit(1);
  }
}
