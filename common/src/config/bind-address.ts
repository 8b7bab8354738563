import { isIP } from 'node:net';
import { z } from 'zod';
import { envVar, type EnvVar } from './env-var.js';

/** Where a service listens unless told otherwise: this machine only. */
export const DEFAULT_BIND = '127.0.0.1';

/** Token the stack gives the query API when TRACEY_API_TOKEN is unset: development only. */
export const DEV_API_TOKEN = 'tracey-dev-api-token';
/** Token the stack gives the Jenkins adapter when TRACEY_ADAPTER_TOKEN is unset: development only. */
export const DEV_ADAPTER_TOKEN = 'tracey-dev-adapter-token';
/** Token the stack gives the webhook adapter when TRACEY_WEBHOOK_TOKEN is unset: development only. */
export const DEV_WEBHOOK_TOKEN = 'tracey-dev-webhook-token';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const address = z.string().refine((text) => isIP(text) !== 0 || HOSTNAME.test(text), {
  error: (issue) =>
    `must be an IP address (127.0.0.1, 0.0.0.0, ::1, ::) or a host name, got "${String(issue.input)}"`,
});

/** An address to listen on: an IPv4 or IPv6 address (`0.0.0.0` / `::`: every interface) or a host name. */
export function bindVar(name: string, fallback: string, description: string): EnvVar<string> {
  return envVar(name, address.default(fallback), description);
}

/** An address to listen on that falls back to another setting (`TRACEY_BIND`) when unset. */
export function optionalBindVar(name: string, description: string): EnvVar<string | undefined> {
  return envVar(name, address.optional(), description);
}

/** Whether listening on `host` reaches this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** A credential a service accepts from its clients, by the variable that sets it. */
export interface GuardCredential {
  readonly variable: string;
  readonly value: string | undefined;
  /** The public development value, known from the README. */
  readonly devValue: string;
}

/**
 * Why `service` must not listen on `host`: a non-loopback address while a credential that
 * guards it is the published development value, or undefined when it may. The reason names the
 * variables to set.
 */
export function bindRefusal(
  service: string,
  host: string,
  credentials: readonly GuardCredential[],
): string | undefined {
  if (isLoopback(host)) return undefined;
  const dev = credentials.filter((credential) => credential.value === credential.devValue);
  if (dev.length === 0) return undefined;
  const names = dev.map((credential) => credential.variable).join(' and ');
  return (
    `${service}: refusing to listen on ${host}, which other machines can reach, with the development ` +
    `${dev.length === 1 ? 'token' : 'tokens'} in ${names} (published in the README: anyone could use ${dev.length === 1 ? 'it' : 'them'}). ` +
    `Set ${names} to a secret of your own, or listen on 127.0.0.1 (unset TRACEY_BIND).`
  );
}

/** `host:port` as written in a URL or a log line: IPv6 in brackets. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Where a client on this machine reaches a service listening on `host`: wildcards → loopback. */
export function localUrlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIP(host) === 6 ? `[${host}]` : host;
}
