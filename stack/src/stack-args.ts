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

export const STACK_USAGE = `usage: npm start -- [--workers N] [--external-services] [--json-logs] [--help]
  --workers N           aggregator workers to run (TRACEY_WORKERS, default 1)
  --external-services   do not start local RabbitMQ and Neo4j; use TRACEY_AMQP_URL and TRACEY_NEO4J_URL
                        (TRACEY_STACK_SERVICES=external)
  --json-logs           print the services' JSON log lines as they are (default on a terminal: readable)
  --help                this text`;

/** Parses the supervisor's command line; an unknown or incomplete flag is an error naming it. */
export function parseStackArgs(argv: readonly string[]): StackArgsResult {
  const env: Record<string, string> = {};
  let help = false;
  let logFormat: 'pretty' | 'raw' | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--workers': {
        const value = inline ?? argv[(index += 1)];
        if (value === undefined || value === '') return { ok: false, message: '--workers needs a number' };
        env['TRACEY_WORKERS'] = value;
        break;
      }
      case '--external-services':
        env['TRACEY_STACK_SERVICES'] = 'external';
        break;
      case '--json-logs':
        logFormat = 'raw';
        break;
      default:
        return { ok: false, message: `unknown argument "${arg}"` };
    }
  }
  return { ok: true, args: { help, env, ...(logFormat === undefined ? {} : { logFormat }) } };
}
