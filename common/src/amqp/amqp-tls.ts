import { readFileSync } from 'node:fs';

// TLS to RabbitMQ (issue 24): an `amqps://` URL is TLS by itself, verified against the system's
// CAs. A private CA, and a client certificate where the broker asks for one, come from files named
// in the environment — the same variables for every client (workers, adapters, triggers, the CLI).

/** The variables that name the files, as every service's config spec declares them. */
export const AMQP_TLS_VARIABLES = {
  ca: 'TRACEY_AMQP_CA_FILE',
  cert: 'TRACEY_AMQP_CERT_FILE',
  key: 'TRACEY_AMQP_KEY_FILE',
} as const;

/** What amqplib hands `tls.connect` for an `amqps://` URL. */
export interface AmqpTlsSocketOptions {
  readonly ca?: Buffer[];
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    // The config check at start read it; gone since (a rotation half done): this connection fails.
    throw new Error(
      `${variable}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The TLS socket options of a connection to `url`: for `amqps://`, the CA, certificate and key
 * files the environment names (read when connecting, so a rotated certificate is picked up on the
 * next reconnect); nothing for `amqp://`.
 * @throws Error naming the variable when a file cannot be read
 */
export function amqpTlsSocketOptions(
  url: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AmqpTlsSocketOptions {
  if (!/^amqps:/i.test(url)) return {};
  const file = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const [ca, cert, key] = [
    file(AMQP_TLS_VARIABLES.ca),
    file(AMQP_TLS_VARIABLES.cert),
    file(AMQP_TLS_VARIABLES.key),
  ];
  return {
    ...(ca === undefined ? {} : { ca: [readPem(AMQP_TLS_VARIABLES.ca, ca)] }),
    ...(cert === undefined ? {} : { cert: readPem(AMQP_TLS_VARIABLES.cert, cert) }),
    ...(key === undefined ? {} : { key: readPem(AMQP_TLS_VARIABLES.key, key) }),
  };
}
