import { describe, expect, it } from 'vitest';
import { parseSettings } from './local-services.js';

describe('parseSettings', () => {
  it('reads KEY=value lines and ignores anything else', () => {
    const text =
      'noise\nTRACEY_AMQP_URL=amqp://guest:guest@127.0.0.1:5672\n  TRACEY_NEO4J_USER=neo4j  \nlower=x\n';
    expect(parseSettings(text)).toEqual({
      TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      TRACEY_NEO4J_USER: 'neo4j',
    });
  });

  it('keeps = signs inside values', () => {
    expect(parseSettings('TRACEY_X=a=b')).toEqual({ TRACEY_X: 'a=b' });
  });
});
