import { TraceyError } from '@tracey/common';
import { AmqpOutput } from './amqp-output.js';
import { jsonInput } from './json-input.js';
import { NdjsonOutput } from './ndjson-output.js';
import { PRODUCER_ERROR_CODES } from './producer-error.js';
import { ProducerRegistry, type PartConfig } from './registry.js';

/**
 * A registry with the built-in parts:
 * - outputs `amqp` (`url`, `exchange`, optional `confirmTimeoutMs`), `stdout`, `file` (`path`);
 * - input `json` (`path`, `-` for stdin), JSON or NDJSON.
 */
export function createDefaultRegistry(): ProducerRegistry {
  return new ProducerRegistry()
    .registerOutput('amqp', (config, context) => {
      const confirmTimeoutMs = optionalNumber(config, 'confirmTimeoutMs');
      return new AmqpOutput({
        url: text(config, 'url'),
        exchange: text(config, 'exchange'),
        ...(confirmTimeoutMs === undefined ? {} : { confirmTimeoutMs }),
        ...(context.logger === undefined ? {} : { logger: context.logger }),
      });
    })
    .registerOutput('stdout', () => new NdjsonOutput({ stream: process.stdout }))
    .registerOutput('file', (config) => new NdjsonOutput({ path: text(config, 'path') }))
    .registerInput('json', (config) => jsonInput({ path: text(config, 'path') }));
}

function text(config: PartConfig, key: string): string {
  const value = config[key];
  if (typeof value !== 'string' || value === '') throw badOption(config, key, 'a non-empty string');
  return value;
}

function optionalNumber(config: PartConfig, key: string): number | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw badOption(config, key, 'a positive number');
  return value;
}

function badOption(config: PartConfig, key: string, expected: string): TraceyError {
  return new TraceyError(PRODUCER_ERROR_CODES.badInput, `${config.type}: option ${key} must be ${expected}`, {
    details: { type: config.type, option: key },
  });
}
