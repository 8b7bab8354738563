import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from './builtin-parts.js';

describe('createDefaultRegistry', () => {
  it('refuses a part option of the wrong kind with PRODUCER_BAD_INPUT naming the option', async () => {
    const registry = createDefaultRegistry();
    await expect(registry.createOutput({ type: 'file', path: '' })).rejects.toMatchObject({
      code: 'PRODUCER_BAD_INPUT',
      message: 'file: option path must be a non-empty string',
      details: { type: 'file', option: 'path' },
    });
    await expect(
      registry.createOutput({ type: 'amqp', url: 'amqp://127.0.0.1', exchange: 'x', confirmTimeoutMs: -1 }),
    ).rejects.toMatchObject({
      code: 'PRODUCER_BAD_INPUT',
      message: 'amqp: option confirmTimeoutMs must be a positive number',
    });
  });

  it('refuses a part type nobody registered with PRODUCER_UNKNOWN_PART', async () => {
    await expect(createDefaultRegistry().createOutput({ type: 'carrier-pigeon' })).rejects.toMatchObject({
      code: 'PRODUCER_UNKNOWN_PART',
    });
  });
});
