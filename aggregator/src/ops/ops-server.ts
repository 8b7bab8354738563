import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BIND } from '@tracey/common';

export interface OpsServerOptions {
  /** Whether the process should receive traffic: `/ready` answers 200 or 503. */
  readonly ready: () => boolean;
  /** Why `/ready` says no, given in its body as `reason`. */
  readonly notReadyReason?: () => string | undefined;
  /** The Prometheus text of `/metrics`; may refresh gauges first. */
  readonly metrics: () => Promise<string>;
  /** Address to listen on; default 127.0.0.1 (this machine only). */
  readonly host?: string;
}

/** A running operations endpoint. */
export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `/health` (200 while the process runs), `/ready` (200 when consuming with a working graph,
 * else 503) and `/metrics` (Prometheus). Listens on `port` (0: any free port) at `options.host`.
 */
export async function startOpsServer(port: number, options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type }).end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, '{"error":"method not allowed"}');
    if (path === '/health') return send(200, '{"status":"ok"}');
    if (path === '/ready') {
      if (options.ready()) return send(200, '{"status":"ready"}');
      const reason = options.notReadyReason?.();
      return send(503, JSON.stringify({ status: 'not ready', ...(reason === undefined ? {} : { reason }) }));
    }
    if (path === '/metrics') {
      options.metrics().then(
        (text) => send(200, text, 'text/plain; version=0.0.4; charset=utf-8'),
        () => send(500, '{"error":"metrics unavailable"}'),
      );
      return undefined;
    }
    return send(404, '{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? DEFAULT_BIND, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
