import { adapterError } from '@tracey/intake';

type Json = Record<string, unknown>;

/**
 * A raw body as a JSON object, or ADAPTER_BAD_REQUEST saying why not: what the forge webhooks and
 * the DORA REST intakes both read. `what` names the body in the message ("a webhook payload ").
 */
export function jsonObjectBody(body: unknown, options: { what: string; emptyIsObject: boolean }): Json {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  // DevLake's close call has no body: an empty object.
  if (options.emptyIsObject && text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw adapterError(
      'ADAPTER_BAD_REQUEST',
      `invalid body: ${options.what}must be JSON: ${(error as Error).message}`,
      {
        issues: [{ path: '', message: 'must be JSON' }],
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw adapterError('ADAPTER_BAD_REQUEST', `invalid body: ${options.what}must be a JSON object`, {
      issues: [{ path: '', message: 'must be a JSON object' }],
    });
  return value as Json;
}
