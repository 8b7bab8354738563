import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TraceyError } from '../tracey-error.js';
import { createLogger } from './create-logger.js';
import { serializeError } from './serialize-error.js';

describe('serializeError', () => {
  it('gives an error its class, message and code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });
    expect(serializeError(refused)).toMatchObject({
      type: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:5672',
      code: 'ECONNREFUSED',
    });
    expect(serializeError(new TraceyError('CLI_API_FAILED', 'boom'))).toMatchObject({
      type: 'TraceyError',
      message: 'boom',
      code: 'CLI_API_FAILED',
    });
    const closed = Object.assign(new Error('Channel closed by server: 406 (PRECONDITION-FAILED)'), {
      code: 406,
    });
    expect(serializeError(closed)).toMatchObject({ type: 'Error', code: 406 });
  });

  it('makes a string a message, never an object of its characters', () => {
    expect(serializeError('connection closed (320)')).toEqual({
      type: 'string',
      message: 'connection closed (320)',
    });
  });

  it('keeps the message and code of an error-like object and prints any other value', () => {
    expect(serializeError({ message: 'gone', code: 'ECONNRESET' })).toEqual({
      type: 'Object',
      message: 'gone',
      code: 'ECONNRESET',
    });
    expect(serializeError({ reason: 'x' })).toEqual({ type: 'Object', message: '{"reason":"x"}' });
    expect(serializeError(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });

  it('is what the logger writes as err, with URL passwords hidden', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger({ name: 'tracey-test', level: 'info', destination: stream });
    logger.warn({ err: 'cannot reach amqp://guest:hunter2@broker:5672' }, 'AMQP connection error');
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(line['err']).toEqual({ type: 'string', message: 'cannot reach amqp://guest:***@broker:5672' });
  });
});
