import { parseArgs } from 'node:util';

/** What `npm start -- <args>` asked for; each flag overrides its environment variable. */
export interface StackArgs {
  readonly help: boolean;
  /** Environment overrides the flags stand for. */
  readonly env: Readonly<Record<string, string>>;
  /** `--json-logs`: services' lines unchanged (JSON) instead of readable ones. */
  readonly logFormat?: 'pretty' | 'raw';
}

export type StackArgsResult =
  { readonly ok: true; readonly args: StackArgs } | { readonly ok: false; readonly message: string };

export const STACK_USAGE = `usage: npm start -- [--workers N] [--cluster N] [--external-services] [--json-logs] [--help]
  --workers N           aggregator workers to run (TRACEY_WORKERS, default 1)
  --cluster N           a local RabbitMQ cluster of N nodes (ports from 5681) instead of the broker on 5672
                        (TRACEY_RABBITMQ_CLUSTER); every service gets all N nodes
  --external-services   do not start local RabbitMQ and Neo4j; use TRACEY_AMQP_URL and TRACEY_NEO4J_URL
                        (TRACEY_STACK_SERVICES=external)
  --json-logs           print the services' JSON log lines as they are (default on a terminal: readable)
  --help                this text`;

/** Parses the supervisor's command line; an unknown or incomplete flag is an error naming it. */
export function parseStackArgs(argv: readonly string[]): StackArgsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        workers: { type: 'string' },
        cluster: { type: 'string' },
        'external-services': { type: 'boolean' },
        'json-logs': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: argumentError(error, argv) };
  }
  if (values.workers === '') return { ok: false, message: '--workers needs a number' };
  if (values.cluster !== undefined && !/^[1-9]$/.test(values.cluster))
    return { ok: false, message: '--cluster needs a number of nodes from 1 to 9' };
  const env: Record<string, string> = {};
  if (values.workers !== undefined) env['TRACEY_WORKERS'] = values.workers;
  if (values['external-services'] === true) env['TRACEY_STACK_SERVICES'] = 'external';
  if (values.cluster !== undefined) env['TRACEY_RABBITMQ_CLUSTER'] = values.cluster;
  const help = values.help === true;
  return { ok: true, args: { help, env, ...(values['json-logs'] === true ? { logFormat: 'raw' } : {}) } };
}

// parseArgs' own messages name its API ("Use `--` to terminate flags"); ours name the argument.
function argumentError(error: unknown, argv: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('--workers'))
    return '--workers needs a number';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('--cluster'))
    return '--cluster needs a number of nodes from 1 to 9';
  const named = /'([^']+)'/.exec(message)?.[1];
  const arg = argv.find((candidate) => candidate === named || candidate.split('=')[0] === named) ?? named;
  return `unknown argument "${arg ?? argv.join(' ')}"`;
}
