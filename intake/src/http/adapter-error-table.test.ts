import { describe, expect, it } from 'vitest';
import { translateError } from './adapter-error-table.js';

describe('translateError', () => {
  it('answers an unexpected error 500 ADAPTER_INTERNAL without its message or stack', () => {
    const bug = new TypeError('secret internals: password=hunter2');
    const translation = translateError(bug);
    expect(translation).toEqual({
      status: 500,
      body: { error: { code: 'ADAPTER_INTERNAL', message: 'internal error', details: {} } },
      serverFault: true,
    });
    expect(JSON.stringify(translation.body)).not.toContain('hunter2');
  });

  it("answers fastify's own 4xx by status: 413, 415, else 400", () => {
    const framework = (statusCode: number) =>
      translateError(Object.assign(new Error(`status ${statusCode}`), { statusCode }));
    expect(
      [413, 415, 404].map((status) => [framework(status).status, framework(status).body.error.code]),
    ).toEqual([
      [413, 'ADAPTER_PAYLOAD_TOO_LARGE'],
      [415, 'ADAPTER_UNSUPPORTED_MEDIA_TYPE'],
      [400, 'ADAPTER_BAD_REQUEST'],
    ]);
  });
});
