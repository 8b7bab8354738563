import { describe, expect, it } from 'vitest';
import { loadStackConfig, type StackConfig } from './config.js';
import { planServices, stackEndpoints } from './service-plan.js';

function config(env: Record<string, string> = {}): StackConfig {
  const result = loadStackConfig(env);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('loadStackConfig', () => {
  it('has the defaults of the services it starts', () => {
    expect(config()).toEqual({
      workers: 1,
      services: 'local',
      stopMs: 10_000,
      demoJenkinsPort: 8089,
      apiPort: 8080,
      adapterPort: 8081,
      webhookPort: 8083,
      aggregatorPort: 8082,
      bind: '127.0.0.1',
      apiBind: undefined,
      adapterBind: undefined,
      aggregatorBind: undefined,
      triggerRules: undefined,
    });
  });

  it('reports every bad variable', () => {
    const result = loadStackConfig({ TRACEY_WORKERS: '0', TRACEY_STACK_SERVICES: 'docker' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.variable)).toEqual([
      'TRACEY_WORKERS',
      'TRACEY_STACK_SERVICES',
    ]);
  });
});

describe('planServices', () => {
  const env = { TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', TRACEY_EXCHANGE: 'x' };

  it('starts the workers, then the API, then the adapters, from their built entry points', () => {
    const plan = planServices(config({ TRACEY_WORKERS: '2' }), env);
    expect(plan.map((service) => [service.name, service.entry, service.readyUrl])).toEqual([
      ['aggregator-1', 'aggregator/dist/main.js', 'http://127.0.0.1:8082/ready'],
      ['aggregator-2', 'aggregator/dist/main.js', 'http://127.0.0.1:8083/ready'],
      ['api', 'api/dist/main.js', 'http://127.0.0.1:8080/ready'],
      ['adapter', 'jenkins-adapter/dist/main.js', 'http://127.0.0.1:8081/ready'],
      // The second worker has 8083: the webhook adapter takes the first port after the workers'.
      ['webhook', 'webhook-adapter/dist/main.js', 'http://127.0.0.1:8084/ready'],
    ]);
    expect(plan[1]?.env).toEqual({ ...env, TRACEY_AGGREGATOR_PORT: '8083' });
    expect(plan[4]?.env).toEqual({ ...env, TRACEY_WEBHOOK_PORT: '8084' });
  });

  it('names a single worker plainly and points the adapter at the API', () => {
    const plan = planServices(config({ TRACEY_API_PORT: '9000' }), env, { defaultTriggerRules: '/r.json' });
    expect(plan.map((service) => service.name)).toEqual(['aggregator', 'api', 'adapter', 'webhook']);
    expect(plan[3]?.env).toEqual({ ...env, TRACEY_WEBHOOK_PORT: '8083' });
    expect(plan[2]?.env).toMatchObject({
      TRACEY_API_URL: 'http://127.0.0.1:9000',
      TRACEY_ADAPTER_PORT: '8081',
      TRACEY_TRIGGER_RULES: '/r.json',
    });
  });

  it("keeps the user's API URL and trigger rules", () => {
    const user = { ...env, TRACEY_API_URL: 'http://api.example.com', TRACEY_TRIGGER_RULES: '/mine.yaml' };
    const plan = planServices(config(user), user, { defaultTriggerRules: '/r.json' });
    expect(plan[2]?.env).toMatchObject({
      TRACEY_API_URL: 'http://api.example.com',
      TRACEY_TRIGGER_RULES: '/mine.yaml',
    });
    const off = planServices(config(), env);
    expect(off[2]?.env).not.toHaveProperty('TRACEY_TRIGGER_RULES');
  });
});

describe('service addresses', () => {
  it('listen on 127.0.0.1 by default, on TRACEY_BIND, or on a per-service address', () => {
    expect(planServices(config(), {}).map((service) => service.listen)).toEqual([
      '127.0.0.1:8082',
      '127.0.0.1:8080',
      '127.0.0.1:8081',
      '127.0.0.1:8083',
    ]);
    const everywhere = planServices(config({ TRACEY_BIND: '0.0.0.0', TRACEY_API_BIND: '::1' }), {});
    expect(everywhere.map((service) => [service.listen, service.readyUrl])).toEqual([
      ['0.0.0.0:8082', 'http://127.0.0.1:8082/ready'],
      ['[::1]:8080', 'http://[::1]:8080/ready'],
      ['0.0.0.0:8081', 'http://127.0.0.1:8081/ready'],
      ['0.0.0.0:8083', 'http://127.0.0.1:8083/ready'],
    ]);
  });
});

describe('stackEndpoints', () => {
  it('lists the URLs, with Neo4j Browser and RabbitMQ management when known', () => {
    expect(
      stackEndpoints(config({ TRACEY_WORKERS: '2' }), {
        TRACEY_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
        TRACEY_NEO4J_BROWSER_URL: 'http://127.0.0.1:7474/browser/',
      }),
    ).toEqual({
      api: 'http://127.0.0.1:8080',
      docs: 'http://127.0.0.1:8080/docs',
      ui: 'http://127.0.0.1:8080/ui/',
      adapter: 'http://127.0.0.1:8081',
      webhook: 'http://127.0.0.1:8084',
      aggregators: ['http://127.0.0.1:8082/metrics', 'http://127.0.0.1:8083/metrics'],
      neo4jBrowser: 'http://127.0.0.1:7474/browser/',
      rabbitManagement: 'http://127.0.0.1:15672/',
      listening: [
        ['aggregator-1', '127.0.0.1:8082'],
        ['aggregator-2', '127.0.0.1:8083'],
        ['api', '127.0.0.1:8080'],
        ['adapter', '127.0.0.1:8081'],
        ['webhook', '127.0.0.1:8084'],
      ],
    });
    expect(stackEndpoints(config(), {})).not.toHaveProperty('neo4jBrowser');
    expect(stackEndpoints(config(), {}).rabbitManagement).toBe('http://127.0.0.1:15672/');
    expect(
      stackEndpoints(config(), { TRACEY_AMQP_URL: 'amqp://u:p@broker.example.com:5672' }).rabbitManagement,
    ).toBe('http://broker.example.com:15672/');
  });
});
