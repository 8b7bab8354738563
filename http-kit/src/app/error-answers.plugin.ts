import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorTranslator, Translation } from '../errors/error-table.js';
import { redactUrlSecrets } from '@tracey/common';

export interface ErrorAnswersOptions {
  /** The service's translator (see `createErrorTranslator`). */
  readonly translate: ErrorTranslator;
  /** The code of a path no route has. */
  readonly notFoundCode: string;
  /** Sees each error answer of a route. */
  readonly onAnswer?: (translation: Translation) => void;
}

const plugin: FastifyPluginCallback<ErrorAnswersOptions> = (app, options, done) => {
  app.setErrorHandler((error, request, reply) => {
    const translation = options.translate(error);
    options.onAnswer?.(translation);
    if (translation.serverFault) request.log.error({ err: error }, 'request failed');
    // A refusal of the rate limit is not logged one by one (see RequestLog in service-app.ts).
    else if (translation.status !== 429)
      request.log.info({ code: translation.body.error.code }, translation.body.error.message);
    return reply.code(translation.status).send(translation.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: options.notFoundCode,
        message: `no route ${request.method} ${redactUrlSecrets(request.url)}`,
        details: {},
      },
    }),
  );
  done();
};

/**
 * Every error a route throws leaves through the service's translator, logged by its kind (5xx
 * as an error, else one info line); a path no route has answers 404 in the same body.
 */
export const errorAnswers = fp(plugin, { name: 'tracey-error-answers', fastify: '5.x' });
