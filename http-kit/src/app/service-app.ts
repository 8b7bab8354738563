import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from 'fastify';
import { httpLogSerializers, RouteIndex, type Logger } from '@tracey/common';
import { createErrorTranslator, type ErrorTable, type Translation } from '../errors/error-table.js';
import { errorAnswers } from './error-answers.plugin.js';
import { operationsRoutes, type OperationsOptions } from './operations.plugin.js';
import { registerRateLimit, type RateLimitOptions } from './rate-limit.js';
import { registerSecurityHeaders } from './security-headers.js';

export interface ServiceAppOptions<C extends string> extends OperationsOptions {
  /** The service's name, e.g. `tracey-api`: `GET /` says it. */
  readonly name: string;
  readonly logger: Logger;
  /** The service's error codes (see {@link ErrorTable}). */
  readonly errors: ErrorTable<C>;
  /** Largest body taken, in bytes; default 1 MiB. */
  readonly bodyLimit?: number;
  /** Named pages of `GET /` besides `health`, `ready` and `metrics` (the API: `docs`, `openapi`). */
  readonly links?: Readonly<Record<string, string>>;
  /** Sees each error answer of a route (the adapter counts them by code). */
  readonly onErrorAnswer?: (translation: Translation) => void;
  /** Requests per window per token (else per address); default none. */
  readonly rateLimit?: RateLimitOptions;
  /**
   * Origins whose pages may call the service from a browser (CORS), exactly as written
   * (`https://ui.example.com`); default none: closed, the browser keeps other origins' pages out.
   */
  readonly corsOrigins?: readonly string[];
  /** Registers what must see every route, before any (the API's OpenAPI document). */
  readonly beforeRoutes?: (app: FastifyInstance) => void;
  /** HTTPS with this certificate and key (`TRACEY_TLS_CERT`, `TRACEY_TLS_KEY`); default plain HTTP. */
  readonly tls?: ServiceTls;
}

/** PEM files of a service's HTTPS certificate (chain) and key. */
export interface ServiceTls {
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
}

/**
 * Fastify's `https` option of `tls`: both files read, or none given (plain HTTP).
 * @throws Error naming the variable given without the other
 */
export function httpsOptions(tls: ServiceTls | undefined): { cert: Buffer; key: Buffer } | undefined {
  const cert = tls?.certFile === '' ? undefined : tls?.certFile;
  const key = tls?.keyFile === '' ? undefined : tls?.keyFile;
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined)
    throw new Error(
      `HTTPS needs both TRACEY_TLS_CERT and TRACEY_TLS_KEY; only ${cert === undefined ? 'TRACEY_TLS_KEY' : 'TRACEY_TLS_CERT'} is set`,
    );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

// `GET /` is hidden from an OpenAPI document: it is the index, not an operation.
const INDEX_SCHEMA = { hide: true } as FastifySchema;

/**
 * One log line a request, when it is answered (fastify writes two: `incoming request` and
 * `request completed`): method, URL, client, status, time. A refusal by the rate limit gets none —
 * a flood of 10,000 requests would otherwise write 10,000 lines (30,000 before), costing the
 * service more than refusing them: the metrics count refusals, and the limit reports each caller
 * once a window (the audit trail).
 */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else if (reply.statusCode !== 429) {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

/**
 * A Tracey HTTP service as a fastify instance, not listening: JSON bodies only, every error in
 * the one error body (`{error: {code, message, details}}`, URLs the router refuses included),
 * `GET /` listing every route registered after it, and `/health`, `/ready`, `/metrics`.
 * The service registers its routes in plugins of its own after this.
 */
export function createServiceApp<C extends string>(options: ServiceAppOptions<C>): FastifyInstance {
  const translate = createErrorTranslator(options.errors);
  // Typed as the base logger: the routes do not depend on pino's own logger type.
  const loggerInstance: FastifyBaseLogger = options.logger.child(
    { component: 'http' },
    { serializers: httpLogSerializers },
  );
  const https = httpsOptions(options.tls);
  const app: FastifyInstance = Fastify({
    ...(https === undefined ? {} : { https }),
    loggerInstance,
    logController: new RequestLog(),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // URLs the router refuses before any route (bad percent-encoding, a parameter over its
    // length) answer in the same error shape as everything else.
    frameworkErrors: (error, _request, reply) => {
      const translation = translate(error);
      void (reply as FastifyReply).code(translation.status).send(translation.body);
    },
  });
  // Bodies are JSON: fastify would hand a text/plain body to the routes as a string, to fail
  // their validation with 400 where every other type is refused with 415.
  app.removeContentTypeParser('text/plain');
  registerSecurityHeaders(app);
  if (options.rateLimit !== undefined) registerRateLimit(app, options.rateLimit);
  // CORS only for the origins configured; a page of any other origin gets no CORS header, so its
  // browser does not hand it the answer. Tokens travel in Authorization, never in cookies.
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    const allowed = new Set(options.corsOrigins);
    app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST', 'HEAD'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      credentials: false,
      maxAge: 600,
    });
  }
  // `GET /`: the URLs of the service, as its routes are registered (before any, to see them all).
  const index = new RouteIndex(options.name, {
    ...options.links,
    health: '/health',
    ready: '/ready',
    metrics: '/metrics',
  });
  app.addHook('onRoute', (route) => index.add(route.method, route.url));
  app.get('/', { schema: INDEX_SCHEMA }, () => index.toJSON());
  app.register(errorAnswers, {
    translate,
    notFoundCode: options.errors.notFound,
    ...(options.onErrorAnswer === undefined ? {} : { onAnswer: options.onErrorAnswer }),
  });
  options.beforeRoutes?.(app);
  app.register(operationsRoutes, {
    metrics: options.metrics,
    readiness: options.readiness,
    ...(options.refreshMetrics === undefined ? {} : { refreshMetrics: options.refreshMetrics }),
  });
  return app;
}
