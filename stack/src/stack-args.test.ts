import { describe, expect, it } from 'vitest';
import { parseStackArgs } from './stack-args.js';

describe('parseStackArgs', () => {
  it('maps flags to the variables they override', () => {
    expect(parseStackArgs(['--workers', '3', '--external-services', '--json-logs'])).toEqual({
      ok: true,
      args: {
        help: false,
        env: { TRACEY_WORKERS: '3', TRACEY_STACK_SERVICES: 'external' },
        logFormat: 'raw',
      },
    });
    expect(parseStackArgs(['--workers=2'])).toEqual({
      ok: true,
      args: { help: false, env: { TRACEY_WORKERS: '2' } },
    });
    expect(parseStackArgs([])).toEqual({ ok: true, args: { help: false, env: {} } });
    expect(parseStackArgs(['-h'])).toMatchObject({ ok: true, args: { help: true } });
  });

  it('names what is wrong', () => {
    expect(parseStackArgs(['--workers'])).toEqual({ ok: false, message: '--workers needs a number' });
    expect(parseStackArgs(['--workers='])).toEqual({ ok: false, message: '--workers needs a number' });
    expect(parseStackArgs(['--wrokers', '2'])).toEqual({
      ok: false,
      message: 'unknown argument "--wrokers"',
    });
    expect(parseStackArgs(['start'])).toEqual({ ok: false, message: 'unknown argument "start"' });
    for (const args of [['--cluster'], ['--cluster', '0'], ['--cluster=ten']])
      expect(parseStackArgs(args)).toEqual({
        ok: false,
        message: '--cluster needs a number of nodes from 1 to 9',
      });
  });

  it('asks the services script for a local RabbitMQ cluster', () => {
    expect(parseStackArgs(['--cluster', '3'])).toEqual({
      ok: true,
      args: { help: false, env: { TRACEY_RABBITMQ_CLUSTER: '3' } },
    });
  });
});
