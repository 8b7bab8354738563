import { describe, expect, it } from 'vitest';
import { configVariables, formatConfigIssues, parseConfig } from './parse-config.js';
import { sharedVars } from './shared-vars.js';
import { intVar, listVar, portVar, requiredSecretVar, textVar } from './var-kinds.js';

const spec = {
  amqpUrl: sharedVars.amqpUrl,
  neo4jUrl: sharedVars.neo4jUrl,
  logLevel: sharedVars.logLevel,
  port: portVar('TRACEY_TEST_PORT', 8080, 'port'),
  batch: intVar('TRACEY_TEST_BATCH', 500, { min: 1, max: 1000 }, 'batch'),
  keys: listVar('TRACEY_TEST_KEYS', ['#'], 'keys'),
  name: textVar('TRACEY_TEST_NAME', 'tracey', 'name'),
};

describe('parseConfig', () => {
  it('applies documented defaults when nothing is set', () => {
    const result = parseConfig(spec, {});
    expect(result).toEqual({
      ok: true,
      config: {
        amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
        neo4jUrl: 'bolt://127.0.0.1:7687',
        logLevel: 'info',
        port: 8080,
        batch: 500,
        keys: ['#'],
        name: 'tracey',
      },
    });
  });

  it('parses set values and treats empty strings as unset', () => {
    const result = parseConfig(spec, {
      TRACEY_AMQP_URL: 'amqps://u:p@broker:5671/vhost',
      TRACEY_TEST_PORT: '9000',
      TRACEY_TEST_KEYS: 'eiffel.#, cdevents.# ,',
      TRACEY_TEST_NAME: '',
    });
    expect(result.ok && result.config).toMatchObject({
      amqpUrl: 'amqps://u:p@broker:5671/vhost',
      port: 9000,
      keys: ['eiffel.#', 'cdevents.#'],
      name: 'tracey',
    });
  });

  it('reports every bad variable with its reason in one result', () => {
    const result = parseConfig(spec, {
      TRACEY_AMQP_URL: 'http://broker',
      TRACEY_NEO4J_URL: 'not a url',
      TRACEY_LOG_LEVEL: 'loud',
      TRACEY_TEST_PORT: '70000',
      TRACEY_TEST_BATCH: '12abc',
      TRACEY_TEST_KEYS: ' , ',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { variable: 'TRACEY_AMQP_URL', message: 'must use one of the schemes amqp://, amqps://' },
      { variable: 'TRACEY_NEO4J_URL', message: 'must be a URL' },
      {
        variable: 'TRACEY_LOG_LEVEL',
        message: 'must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      },
      { variable: 'TRACEY_TEST_PORT', message: 'must be an integer from 1 to 65535, got 70000' },
      { variable: 'TRACEY_TEST_BATCH', message: 'must be an integer from 1 to 1000, got "12abc"' },
      { variable: 'TRACEY_TEST_KEYS', message: 'must list at least one item' },
    ]);
  });

  it('requires a required secret', () => {
    const result = parseConfig({ token: requiredSecretVar('TRACEY_TEST_TOKEN', 'token') }, {});
    expect(result).toEqual({
      ok: false,
      issues: [{ variable: 'TRACEY_TEST_TOKEN', message: 'is required' }],
    });
  });

  it('lists the variables a spec reads', () => {
    expect(configVariables(spec)).toEqual([
      'TRACEY_AMQP_URL',
      'TRACEY_NEO4J_URL',
      'TRACEY_LOG_LEVEL',
      'TRACEY_TEST_PORT',
      'TRACEY_TEST_BATCH',
      'TRACEY_TEST_KEYS',
      'TRACEY_TEST_NAME',
    ]);
  });
});

describe('formatConfigIssues', () => {
  it('names the service, the count and each variable on its own line', () => {
    expect(
      formatConfigIssues('tracey-api', [
        { variable: 'TRACEY_API_PORT', message: 'must be an integer from 1 to 65535, got "x"' },
        { variable: 'TRACEY_LOG_LEVEL', message: 'must be one of info, got "y"' },
      ]),
    ).toBe(
      'tracey-api: invalid configuration (2 problems)\n' +
        '  TRACEY_API_PORT: must be an integer from 1 to 65535, got "x"\n' +
        '  TRACEY_LOG_LEVEL: must be one of info, got "y"',
    );
  });
});
