import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariables, type ConfigSpec } from '@tracey/common';
import { neo4jImageVariable, neo4jSandboxSettings } from '@tracey/testing';
import { aggregatorConfigSpec } from '@tracey/aggregator';
import { apiConfigSpec } from '@tracey/api';
import { adapterConfigSpec } from '@tracey/jenkins-adapter';
import { webhookConfigSpec } from '@tracey/webhook-adapter';

// No Docker engine runs where the tests run, so the compose file is checked against the code.
const root = fileURLToPath(new URL('../', import.meta.url));
const composeText = readFileSync(`${root}docker-compose.yml`, 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };

const tracey: Record<string, { spec: ConfigSpec; entry: string; portVariable: string }> = {
  aggregator: { spec: aggregatorConfigSpec, entry: 'aggregator', portVariable: 'TRACEY_AGGREGATOR_PORT' },
  api: { spec: apiConfigSpec, entry: 'api', portVariable: 'TRACEY_API_PORT' },
  'jenkins-adapter': {
    spec: adapterConfigSpec,
    entry: 'jenkins-adapter',
    portVariable: 'TRACEY_ADAPTER_PORT',
  },
  'webhook-adapter': {
    spec: webhookConfigSpec,
    entry: 'webhook-adapter',
    portVariable: 'TRACEY_WEBHOOK_PORT',
  },
};

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

describe('docker-compose.yml', () => {
  it('runs the whole stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'aggregator',
        'api',
        'grafana',
        'jenkins-adapter',
        'neo4j',
        'prometheus',
        'rabbitmq',
        'webhook-adapter',
      ].sort(),
    );
    expect(service('rabbitmq').image).toMatch(/^rabbitmq:[\d.]+-management$/);
    expect(service('neo4j').image).toMatch(/^neo4j:5\.26[\d.]*-community$/);
  });

  it.each(Object.keys(tracey))('sets only variables that %s reads', (name) => {
    const spec = tracey[name]!.spec;
    const set = Object.keys(service(name).environment ?? {}).filter((key) => key.startsWith('TRACEY_'));
    expect(set.length).toBeGreaterThan(0);
    const unknown = set.filter((variable) => !configVariables(spec).includes(variable));
    expect(unknown, `variables ${name} sets but never reads`).toEqual([]);
  });

  it.each(Object.keys(tracey))('starts %s from its built entry point with its port', (name) => {
    const { entry, portVariable } = tracey[name]!;
    const svc = service(name);
    expect(svc.build).toBe('.');
    expect(svc.command).toEqual(['node', `${entry}/dist/main.js`]);
    expect(existsSync(`${root}${entry}/src/main.ts`)).toBe(true);
    const port = svc.environment?.[portVariable];
    expect(port, `${name} sets ${portVariable}`).toBeDefined();
    const published = [...(svc.ports ?? []), ...(svc.expose ?? [])].map((mapping) =>
      mapping.split(':').at(-1),
    );
    expect(published).toContain(port);
    expect(JSON.stringify(svc.healthcheck?.test)).toContain(`127.0.0.1:${port}/ready`);
  });

  it('publishes the ports the local services and the clients use by default', () => {
    expect(service('rabbitmq').ports).toEqual(['127.0.0.1:5672:5672', '127.0.0.1:15672:15672']);
    expect(service('neo4j').ports).toEqual(['127.0.0.1:7474:7474', '127.0.0.1:7687:7687']);
    expect(service('api').ports).toEqual([`127.0.0.1:${apiConfigSpec.port.schema.parse(undefined)}:8080`]);
    expect(service('jenkins-adapter').ports).toEqual([
      `127.0.0.1:${adapterConfigSpec.port.schema.parse(undefined)}:8081`,
    ]);
    expect(service('webhook-adapter').ports).toEqual([
      `127.0.0.1:${webhookConfigSpec.port.schema.parse(undefined)}:8083`,
    ]);
  });

  it('gives Neo4j the Cypher sandbox of services/neo4j/sandbox.conf, as scripts/services.sh does', () => {
    const settings = Object.entries(neo4jSandboxSettings());
    expect(settings.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'dbms.security.allow_csv_import_from_file_urls',
        'internal.dbms.cypher_ip_blocklist',
      ]),
    );
    const environment = service('neo4j').environment ?? {};
    for (const [name, value] of settings) expect(environment[neo4jImageVariable(name)], name).toBe(value);
  });

  it.each(Object.keys(tracey))('says where %s listens: every interface of its container', (name) => {
    expect(service(name).environment?.['TRACEY_BIND']).toBe('0.0.0.0');
  });

  it('lets aggregator workers scale: no host port', () => {
    expect(service('aggregator').ports).toBeUndefined();
  });

  it('waits for healthy dependencies, which all have healthchecks', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.healthcheck, `${name} has a healthcheck`).toBeDefined();
      for (const [dependency, condition] of Object.entries(svc.depends_on ?? {})) {
        expect(condition, `${name} → ${dependency}`).toEqual({ condition: 'service_healthy' });
        expect(compose.services[dependency], `${dependency} exists`).toBeDefined();
      }
    }
    expect(Object.keys(service('aggregator').depends_on ?? {}).sort()).toEqual(['neo4j', 'rabbitmq']);
  });

  it('points services at each other by compose service name', () => {
    expect(service('aggregator').environment?.TRACEY_AMQP_URL).toMatch(/@rabbitmq:5672$/);
    expect(service('aggregator').environment?.TRACEY_NEO4J_URL).toBe('bolt://neo4j:7687');
    expect(service('jenkins-adapter').environment?.TRACEY_API_URL).toBe('http://api:8080');
  });

  it('takes every interpolated secret from .env, and .env.example lists each one', () => {
    const interpolated = new Set(
      [...composeText.matchAll(/\$\{(TRACEY_[A-Z0-9_]+)/g)].map((match) => match[1]),
    );
    const example = readFileSync(`${root}.env.example`, 'utf8');
    const listed = new Set([...example.matchAll(/^(TRACEY_[A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect([...interpolated].filter((name) => !listed.has(name))).toEqual([]);
    expect(composeText).not.toMatch(/PASSWORD: [^$\s]/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(`${root}Dockerfile`, 'utf8');

  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('copies every workspace package', () => {
    const workspaces = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { workspaces: string[] })
      .workspaces;
    for (const workspace of workspaces)
      expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
  });
});
