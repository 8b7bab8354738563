import { describe, expect, it } from 'vitest';
import { formatBanner } from './banner.js';

describe('formatBanner', () => {
  it('lists every URL and what to do next, without secrets', () => {
    const lines = formatBanner(
      {
        api: 'http://127.0.0.1:8080',
        docs: 'http://127.0.0.1:8080/docs',
        ui: 'http://127.0.0.1:8080/ui/',
        adapter: 'http://127.0.0.1:8081',
        webhook: 'http://127.0.0.1:8083',
        aggregators: ['http://127.0.0.1:8082/metrics'],
        neo4jBrowser: 'http://127.0.0.1:7474/browser/',
        rabbitManagement: 'http://127.0.0.1:15672/',
        listening: [
          ['aggregator', '127.0.0.1:8082'],
          ['api', '127.0.0.1:8080'],
          ['adapter', '127.0.0.1:8081'],
          ['webhook', '127.0.0.1:8083'],
        ],
      },
      { workers: 1, color: false, triggerRules: '.tracey/stack/demo-trigger-rules.json' },
    );
    const text = lines.join('\n');
    expect(text).toContain('Tracey is ready — 1 aggregator worker,');
    for (const url of [
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8080/docs',
      'web UI               http://127.0.0.1:8080/ui/',
      'http://127.0.0.1:8081',
      'http://127.0.0.1:8083  (POST /cloudevents)',
      'http://127.0.0.1:8082/metrics',
      'http://127.0.0.1:7474/browser/',
      'http://127.0.0.1:15672/',
      '.tracey/stack/demo-trigger-rules.json',
    ])
      expect(text).toContain(url);
    expect(text).toContain('npm run demo');
    expect(text).toContain(
      'listening on         aggregator 127.0.0.1:8082, api 127.0.0.1:8080, adapter 127.0.0.1:8081, webhook 127.0.0.1:8083  (this machine only',
    );
    expect(text).not.toMatch(/password|token/i);
  });
});
