import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { errorAnswers, type errorAnswer } from '@tracey/common';

/** The statuses of the API's error answers (docs/errors.md), each with the error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * A route's response schemas: `success` for 200 and the error body for each error status it
 * answers, so the OpenAPI document lists every answer and the handler's answer is typed by it.
 * Every route guarded by a token answers 401, 403 (`API_FORBIDDEN`: a token without the scope) and
 * 503 (`API_AUTH_NOT_CONFIGURED`); every one that
 * reads the graph 500 and 503.
 */
export function answers<S extends z.ZodType>(
  success: S,
  errors: readonly ErrorStatus[],
): { 200: S } & Record<ErrorStatus, typeof errorAnswer> {
  return { 200: success, ...errorAnswers(errors) };
}

/** What every read route may answer besides its success: bad input, token, database. */
export const READ_ERRORS = [400, 401, 403, 429, 500, 503] as const satisfies readonly ErrorStatus[];

/**
 * Sends JSON text as it is (stored events are JSON already): fastify serializes no string with a
 * JSON content type: the route's response schema documents the answer, nothing re-serializes it.
 */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
