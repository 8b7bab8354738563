import { describe, expect, it } from 'vitest';
import { DEV_ADAPTER_TOKEN, DEV_API_TOKEN, DEV_WEBHOOK_TOKEN, withDevTokens } from './dev-defaults.js';

describe('withDevTokens', () => {
  it('fills unset or empty tokens with the development ones and says so once each', () => {
    const { env, notices } = withDevTokens({ TRACEY_API_TOKEN: '', OTHER: 'x' });
    expect(env).toEqual({
      OTHER: 'x',
      TRACEY_ADAPTER_TOKEN: DEV_ADAPTER_TOKEN,
      TRACEY_API_TOKEN: DEV_API_TOKEN,
      TRACEY_WEBHOOK_TOKEN: DEV_WEBHOOK_TOKEN,
    });
    expect(notices).toHaveLength(3);
    expect(notices.join('\n')).toMatch(/TRACEY_WEBHOOK_TOKEN is not set.*dev only/);
    expect(notices.join('\n')).toMatch(/TRACEY_ADAPTER_TOKEN is not set.*dev only/);
  });

  it('keeps tokens the user set and never mentions them', () => {
    const { env, notices } = withDevTokens({
      TRACEY_ADAPTER_TOKEN: 's3cret-a',
      TRACEY_API_TOKEN: 's3cret-b',
      TRACEY_WEBHOOK_TOKEN: 's3cret-c',
    });
    expect(env).toEqual({
      TRACEY_ADAPTER_TOKEN: 's3cret-a',
      TRACEY_API_TOKEN: 's3cret-b',
      TRACEY_WEBHOOK_TOKEN: 's3cret-c',
    });
    expect(notices).toEqual([]);
  });
});
