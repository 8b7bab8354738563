import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers `helmet` sets with `options`, worked out once. They depend on the options only, so
 * every answer gets the same set; @fastify/helmet built a new helmet middleware for each request
 * (about a tenth of the CPU a refused request costs in a flood).
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The security headers browsers act on (nosniff, no framing, no referrer, …) on every answer,
 * errors included. The content security policy is the pages' own: the web UI and Swagger UI set
 * theirs; JSON needs none.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders({ contentSecurityPolicy: false });
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
