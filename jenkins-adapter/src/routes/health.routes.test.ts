import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { MemoryOutput } from '@tracey/producer-core/testing';
import { buildApp } from '../build-app.js';
import { LIMITS } from '../limits.js';
import { DEFAULT_PURL_TEMPLATE } from '../notification/purl-template.js';
import { EventPublisher } from '@tracey/intake';
import type { IntakeSpoolState } from '@tracey/intake';

const MAX = 4 * LIMITS.notificationBytes;
let open: FastifyInstance | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function ready(spool: Partial<IntakeSpoolState>): Promise<{ status: number; code?: string }> {
  const state: IntakeSpoolState = {
    events: 1,
    bytes: 0,
    maxBytes: MAX,
    oldestAgeMs: 0,
    refused: false,
    ...spool,
  };
  open = buildApp({
    config: { adapterToken: 'token', purlTemplate: DEFAULT_PURL_TEMPLATE },
    logger: createLogger({ name: 'health-test', level: 'silent' }),
    publisher: new EventPublisher(new MemoryOutput()),
    sourceChanges: { find: () => Promise.resolve(undefined) },
    spoolState: () => state,
    brokerReady: () => Promise.resolve(),
  });
  const response = await open.inject('/ready');
  const body = response.json<{ error?: { code: string } }>();
  return body.error === undefined
    ? { status: response.statusCode }
    : { status: response.statusCode, code: body.error.code };
}

describe('/ready with a spool', () => {
  it('is ready while a whole notification still fits', async () => {
    expect(await ready({ bytes: MAX - LIMITS.notificationBytes })).toEqual({ status: 200 });
  });

  it('answers 503 ADAPTER_SPOOL_FULL once a notification may not fit, before the last byte', async () => {
    expect(await ready({ bytes: MAX - LIMITS.notificationBytes + 1 })).toEqual({
      status: 503,
      code: 'ADAPTER_SPOOL_FULL',
    });
  });

  it('answers 503 ADAPTER_SPOOL_FULL after a refused batch, whatever room is left', async () => {
    expect(await ready({ bytes: 0, refused: true })).toEqual({ status: 503, code: 'ADAPTER_SPOOL_FULL' });
  });
});
