import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS } from '../limits.js';
import { jenkinsNotification } from '../notification/jenkins-notification.js';
import type { NotificationHandler } from '../notification/notification-handler.js';
import { inputNames } from '@tracey/http-kit';
import { errorAnswers, notificationAnswer } from './answers.js';
import type { AdapterContext } from './route-context.js';

/**
 * `POST /jenkins/notification`: the Notification plugin's JSON in, Eiffel events out. Answers
 * 200 once the broker confirmed them, with their ids; 202 with the same answer when the broker
 * did not and they wait in the durable spool; 503 when neither took them (the plugin or a retry
 * sends the same notification again, which is harmless).
 */
export function notificationRoutes(
  app: FastifyInstance,
  context: AdapterContext,
  handler: NotificationHandler,
): void {
  inputNames.add(jenkinsNotification, { name: 'notification' });
  app.withTypeProvider<ZodTypeProvider>().post(
    '/jenkins/notification',
    {
      onRequest: context.guard('publish'),
      bodyLimit: LIMITS.notificationBytes,
      schema: {
        tags: ['Jenkins'],
        summary: "The Notification plugin's JSON in, Eiffel events out",
        description:
          'Answers 200 once the broker confirmed the events, 202 with the same answer when they wait in ' +
          'the durable spool, 503 when neither took them (sending the same notification again is harmless).',
        security: [{ bearer: [] }],
        body: jenkinsNotification,
        response: {
          200: notificationAnswer,
          202: notificationAnswer,
          ...errorAnswers([400, 401, 413, 415, 500, 503]),
        },
      },
    },
    async (request, reply) => {
      const notification = request.body;
      context.metrics.notifications.inc({ phase: notification.build.phase });
      const answer = await handler.handle(notification);
      context.metrics.published.inc({ route: 'notification' }, answer.events.length - answer.spooled);
      context.metrics.spooled.inc({ route: 'notification' }, answer.spooled);
      request.log.info(
        {
          phase: answer.phase,
          activity: answer.activity,
          events: answer.events.length,
          spooled: answer.spooled,
        },
        answer.spooled > 0 ? 'notification spooled' : 'notification published',
      );
      return reply.code(answer.spooled > 0 ? 202 : 200).send(answer);
    },
  );
}
