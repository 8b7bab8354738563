import { redactUrlSecrets } from './redact-url-credentials.js';

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly ip?: string;
  readonly id?: unknown;
}

interface ReplyLike {
  readonly statusCode?: number;
}

// fastify adds its request serializers only to a logger it creates itself; services hand it
// theirs (`loggerInstance`), so without these, request lines would carry `req: {}`.
/** pino serializers for fastify's `req` and `res` fields: method, URL, client, status. No headers. */
export const httpLogSerializers = {
  req: (request: RequestLike) => ({
    method: request.method,
    url: request.url === undefined ? undefined : redactUrlSecrets(request.url),
    remoteAddress: request.ip,
  }),
  res: (reply: ReplyLike) => ({ statusCode: reply.statusCode }),
};
