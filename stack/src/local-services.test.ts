import { describe, expect, it } from 'vitest';
import { parseSettings } from './local-services.js';

describe('parseSettings', () => {
  it('reads the KEY=value lines of scripts/services.sh and nothing else', () => {
    expect(
      parseSettings(
        'TRACEY_AMQP_URL=amqp://guest:guest@127.0.0.1:5672\nNeo4j: running\n  TRACEY_NEO4J_URL=bolt://127.0.0.1:7687  \nPATH=/x\n',
      ),
    ).toEqual({
      TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      TRACEY_NEO4J_URL: 'bolt://127.0.0.1:7687',
    });
  });
});
