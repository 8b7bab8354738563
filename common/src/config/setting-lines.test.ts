import { describe, expect, it } from 'vitest';
import { parseSettingLines } from './setting-lines.js';

describe('parseSettingLines', () => {
  it('reads KEY=value lines and ignores anything else', () => {
    const text =
      'noise\nTRACEY_AMQP_URL=amqp://guest:guest@127.0.0.1:5672\nNeo4j: running\n  TRACEY_NEO4J_USER=neo4j  \nlower=x\nPATH=/x\n';
    expect(parseSettingLines(text)).toEqual({
      TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      TRACEY_NEO4J_USER: 'neo4j',
      PATH: '/x',
    });
  });

  it('keeps only the keys with the prefix', () => {
    expect(parseSettingLines('TRACEY_A=1\nPATH=/x\n', 'TRACEY_')).toEqual({ TRACEY_A: '1' });
  });

  it('keeps = and # inside values verbatim', () => {
    expect(parseSettingLines('TRACEY_X=a=b\nTRACEY_NEO4J_PASSWORD=s3cr#t "q"')).toEqual({
      TRACEY_X: 'a=b',
      TRACEY_NEO4J_PASSWORD: 's3cr#t "q"',
    });
  });
});
