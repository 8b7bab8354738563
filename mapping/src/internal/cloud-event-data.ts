import type { CloudEventInput } from '../cloud-event-mapper.js';

export type DataResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/**
 * The CloudEvent's data as a JSON value: an object as is, JSON text or bytes (binary mode with a
 * content type the SDK does not parse, `data_base64`) parsed.
 */
export function cloudEventData(event: CloudEventInput): DataResult {
  const { data } = event;
  if (data === undefined || data === null) {
    if (typeof event.data_base64 === 'string')
      return parseJson(Buffer.from(event.data_base64, 'base64').toString('utf8'));
    return { ok: false, reason: 'the CloudEvent has no data' };
  }
  if (data instanceof Uint8Array) return parseJson(Buffer.from(data).toString('utf8'));
  if (typeof data === 'string') return parseJson(data);
  return { ok: true, value: data };
}

function parseJson(text: string): DataResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      reason: `data is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The data as a JSON object, or `undefined` when it is none (absent, not JSON, an array, …). */
export function cloudEventDataObject(event: CloudEventInput): Record<string, unknown> | undefined {
  const data = cloudEventData(event);
  return data.ok && isJsonObject(data.value) ? data.value : undefined;
}
