import type { FastifyInstance } from 'fastify';
import { parseInput } from '@tracey/http-kit';
import { LIMITS } from '../limits.js';
import { jenkinsNotification } from '../notification/jenkins-notification.js';
import type { NotificationHandler } from '../notification/notification-handler.js';
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
  app.post(
    '/jenkins/notification',
    { onRequest: context.guard('token'), bodyLimit: LIMITS.notificationBytes },
    async (request, reply) => {
      const notification = parseInput(jenkinsNotification, request.body, 'notification');
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
