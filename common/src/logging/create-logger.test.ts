import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { redactUrlCredentials } from './redact-url-credentials.js';

function capture(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('redactUrlCredentials', () => {
  it('hides the password of every URL and keeps the user', () => {
    expect(redactUrlCredentials('amqp://guest:s3cret@127.0.0.1:5672 and bolt+s://neo4j:p%40ss@db:7687')).toBe(
      'amqp://guest:***@127.0.0.1:5672 and bolt+s://neo4j:***@db:7687',
    );
  });

  it('leaves URLs without credentials alone', () => {
    expect(redactUrlCredentials('http://127.0.0.1:8080/events?x=1')).toBe('http://127.0.0.1:8080/events?x=1');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the service name and never a secret', () => {
    const out = capture();
    const logger = createLogger({ name: 'tracey-test', level: 'info', destination: out.stream });
    logger.info(
      { config: { amqpUrl: 'amqp://guest:hunter2@broker:5672', neo4jPassword: 'hunter2', apiToken: 'tok' } },
      'connecting to amqp://guest:hunter2@broker:5672',
    );
    logger.child({ component: 'worker' }).warn({ password: 'hunter2' }, 'child line');
    const [first, second] = out.lines();
    expect(first).toMatchObject({
      name: 'tracey-test',
      level: 30,
      msg: 'connecting to amqp://guest:***@broker:5672',
      config: {
        amqpUrl: 'amqp://guest:***@broker:5672',
        neo4jPassword: '[redacted]',
        apiToken: '[redacted]',
      },
    });
    expect(second).toMatchObject({ component: 'worker', password: '[redacted]', msg: 'child line' });
    expect(JSON.stringify(out.lines())).not.toContain('hunter2');
  });

  it('hides passwords in errors, and leaves objects with getters whole for their serializers', () => {
    const out = capture();
    const logger = createLogger({ name: 'tracey-test', level: 'info', destination: out.stream });
    logger.error({ err: new Error('cannot reach amqp://guest:hunter2@broker:5672') }, 'failed');
    class Request {
      get method(): string {
        return 'GET';
      }
    }
    logger
      .child({}, { serializers: { req: (r: Request) => ({ method: r.method }) } })
      .info({ req: new Request() }, 'r');
    const [error, request] = out.lines();
    expect(error).toMatchObject({
      err: { type: 'Error', message: 'cannot reach amqp://guest:***@broker:5672' },
    });
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(request).toMatchObject({ req: { method: 'GET' } });
  });

  it('drops lines below the level', () => {
    const out = capture();
    const logger = createLogger({ name: 'tracey-test', level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((line) => line.msg)).toEqual(['shown']);
  });
});
