import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { configVariables, parseConfig, type ConfigSpec } from '@tracey/common';
import { aggregatorConfigSpec } from '@tracey/aggregator';
import { apiConfigSpec } from '@tracey/api';
import { adapterConfigSpec } from '@tracey/jenkins-adapter';
import { webhookConfigSpec } from '@tracey/webhook-adapter';

// Issue 23: the Kubernetes manifests, checked without a cluster. The example overlay is rendered
// here the way kustomize does it for the features it uses (resources, a component, namespace,
// images, a merged config map, a secret from an env file), every object is validated against the
// Kubernetes and KEDA schemas (kubernetes-models), and each Tracey container is checked against
// the code: its entry point exists, it sets only variables its service reads, secrets come from the
// Secret, and the service's own config parser accepts the environment it would get.

const root = fileURLToPath(new URL('../', import.meta.url));
const k8s = `${root}deploy/kubernetes`;

// Rendered objects are plain YAML, read field by field: their shape is what kubernetes-models
// validates in the second test, so member access on them is not typed here.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Kustomization {
  resources?: string[];
  components?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  secretGenerator?: { name: string; envs?: string[] }[];
  configMapGenerator?: { name: string; behavior?: string; literals?: string[] }[];
}

const MODELS: Record<string, { validate(): void } & (new (data: Json) => { validate(): void })> = {
  'v1/ConfigMap': ConfigMap as never,
  'v1/Service': Service as never,
  'apps/v1/Deployment': Deployment as never,
  'apps/v1/StatefulSet': StatefulSet as never,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as never,
  'batch/v1/CronJob': CronJob as never,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject as never,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication as never,
};

const WORKLOADS: Record<string, { spec: ConfigSpec; entry: string; port: string }> = {
  'tracey-aggregator': { spec: aggregatorConfigSpec, entry: 'aggregator', port: 'TRACEY_AGGREGATOR_PORT' },
  'tracey-api': { spec: apiConfigSpec, entry: 'api', port: 'TRACEY_API_PORT' },
  'tracey-jenkins-adapter': {
    spec: adapterConfigSpec,
    entry: 'jenkins-adapter',
    port: 'TRACEY_ADAPTER_PORT',
  },
  'tracey-webhook-adapter': {
    spec: webhookConfigSpec,
    entry: 'webhook-adapter',
    port: 'TRACEY_WEBHOOK_PORT',
  },
};

function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The objects of a kustomization directory, as kustomize renders the features used here. */
function render(dir: string, secretsFile = 'secrets.env.example'): Json[] {
  const kustomization = parse(readFileSync(`${dir}/kustomization.yaml`, 'utf8')) as Kustomization;
  const objects: Json[] = [];
  for (const resource of [...(kustomization.resources ?? []), ...(kustomization.components ?? [])]) {
    const path = `${dir}/${resource}`;
    if (existsSync(`${path}/kustomization.yaml`)) objects.push(...render(path, secretsFile));
    else objects.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJS() as Json));
  }
  for (const generator of kustomization.configMapGenerator ?? []) {
    const literals = Object.fromEntries(
      (generator.literals ?? []).map((literal) => [
        literal.split('=')[0],
        literal.slice(literal.indexOf('=') + 1),
      ]),
    );
    const existing = objects.find((o) => o['kind'] === 'ConfigMap' && o['metadata'].name === generator.name);
    if (generator.behavior === 'merge') {
      expect(existing, `configMapGenerator merges into ${generator.name}`).toBeDefined();
      Object.assign(existing!['data'], literals);
    } else
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator.name },
        data: literals,
      });
  }
  for (const generator of kustomization.secretGenerator ?? []) {
    const data = Object.assign({}, ...(generator.envs ?? []).map(() => envFile(`${dir}/${secretsFile}`)));
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name }, stringData: data });
  }
  for (const object of objects) {
    if (kustomization.namespace !== undefined) object['metadata'].namespace = kustomization.namespace;
    const pod = object['spec']?.template?.spec ?? object['spec']?.jobTemplate?.spec?.template?.spec;
    for (const container of pod?.containers ?? []) {
      const image = kustomization.images?.find((entry) => entry.name === container.image);
      if (image !== undefined) container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return objects;
}

const rendered = render(`${k8s}/overlays/example`);
const byKind = (kind: string) => rendered.filter((object) => object['kind'] === kind);
const named = (kind: string, name: string): Json => {
  const found = byKind(kind).find((object) => object['metadata'].name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
};
const config = named('ConfigMap', 'tracey-config')['data'] as Record<string, string>;
const secrets = named('Secret', 'tracey-secrets')['stringData'] as Record<string, string>;
const workloads = [...byKind('Deployment'), ...byKind('StatefulSet')];

describe('deploy/kubernetes', () => {
  it('lists every manifest file in a kustomization, and nothing that is not there', () => {
    for (const dir of ['base', 'components/keda-autoscaling', 'components/retention']) {
      const kustomization = parse(readFileSync(`${k8s}/${dir}/kustomization.yaml`, 'utf8')) as Kustomization;
      const files = readdirSync(`${k8s}/${dir}`).filter(
        (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
      );
      expect([...(kustomization.resources ?? [])].sort(), dir).toEqual(files.sort());
    }
  });

  it('renders objects that are valid Kubernetes and KEDA objects', () => {
    expect(rendered.length).toBeGreaterThanOrEqual(14);
    for (const object of rendered) {
      if (object['kind'] === 'Secret') continue; // generated here, from the example file
      const model = MODELS[`${String(object['apiVersion'])}/${String(object['kind'])}`];
      expect(model, `a schema for ${String(object['apiVersion'])} ${String(object['kind'])}`).toBeDefined();
      expect(
        () => new model!(object).validate(),
        `${String(object['kind'])} ${String(object['metadata'].name)}`,
      ).not.toThrow();
      expect(object['metadata'].namespace).toBe('tracey');
    }
  });

  it('runs every Tracey service, each from its entry point, with the image of the overlay', () => {
    expect(workloads.map((w) => w['metadata'].name).sort()).toEqual(Object.keys(WORKLOADS).sort());
    for (const workload of workloads) {
      const { entry } = WORKLOADS[workload['metadata'].name as string]!;
      const [container] = workload['spec'].template.spec.containers as Json[];
      expect(container!['command']).toEqual(['node', `${entry}/dist/main.js`]);
      expect(existsSync(`${root}${entry}/src/main.ts`)).toBe(true);
      expect(container!['image']).toBe('ghcr.io/example/tracey:0.1.0');
    }
  });

  it.each(Object.keys(WORKLOADS))(
    '%s: sets only variables it reads, secrets from the Secret, and its config parser accepts them',
    (name) => {
      const { spec, port } = WORKLOADS[name]!;
      const workload = workloads.find((w) => w['metadata'].name === name)!;
      const [container] = workload['spec'].template.spec.containers as Json[];
      const env: Record<string, string> = {};
      expect(container!['envFrom']).toEqual([{ configMapRef: { name: 'tracey-config' } }]);
      Object.assign(env, config);
      const secretNames = new Set(
        Object.values(spec)
          .filter((v) => v.secret)
          .map((v) => v.name),
      );
      for (const variable of container!['env'] as Json[]) {
        const ref = variable['valueFrom']?.secretKeyRef as Json | undefined;
        if (secretNames.has(variable['name'] as string))
          expect(ref, `${String(variable['name'])} comes from a Secret`).toBeDefined();
        if (ref !== undefined) {
          expect(ref['name']).toBe('tracey-secrets');
          expect(Object.keys(secrets), `the example secrets name ${String(ref['key'])}`).toContain(
            ref['key'],
          );
          env[variable['name'] as string] = secrets[ref['key'] as string]!;
        } else env[variable['name'] as string] = variable['value'] as string;
      }
      // Nothing secret in the config map; nothing the service does not read.
      expect(Object.keys(config).filter((key) => secretNames.has(key))).toEqual([]);
      const read = configVariables(spec);
      const own = (container!['env'] as Json[]).map((variable) => variable['name'] as string);
      expect(
        own.filter((key) => !read.includes(key)),
        `${name} sets variables it never reads`,
      ).toEqual([]);
      const anyService = Object.values(WORKLOADS).flatMap((workload) => configVariables(workload.spec));
      expect(
        Object.keys(config).filter((key) => !anyService.includes(key)),
        'config no service reads',
      ).toEqual([]);
      const parsed = parseConfig(spec, env);
      expect(parsed.ok ? [] : parsed.issues, `${name} starts with this environment`).toEqual([]);

      // Probes on the service's own port: ready when its dependencies are, alive while it answers.
      const containerPort = (container!['ports'] as Json[])[0]!['containerPort'] as number;
      expect(String(containerPort)).toBe(env[port]);
      expect(container!['readinessProbe'].httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(container!['livenessProbe'].httpGet).toEqual({ path: '/health', port: 'http' });
      expect(container!['resources'].requests).toBeDefined();
      expect(container!['securityContext']).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      // What a service writes (spools, trigger state) is on a volume, so a read-only root holds.
      for (const variable of [
        'TRACEY_WEBHOOK_SPOOL_DIR',
        'TRACEY_ADAPTER_SPOOL_DIR',
        'TRACEY_TRIGGER_STATE_DIR',
      ])
        if (env[variable] !== undefined) {
          const mounts = (container!['volumeMounts'] ?? []) as Json[];
          expect(
            mounts.some((m) => env[variable]!.startsWith(m['mountPath'] as string)),
            variable,
          ).toBe(true);
        }

      // Its Service selects its pods and reaches the named port.
      const labels = workload['spec'].template.metadata.labels as Record<string, string>;
      const service = named('Service', name);
      expect(
        Object.entries(service['spec'].selector as Record<string, string>).every(([k, v]) => labels[k] === v),
      ).toBe(true);
      expect((service['spec'].ports as Json[])[0]!['targetPort']).toBe('http');
    },
  );

  it('keeps a worker and an API up through voluntary disruptions', () => {
    for (const pdb of byKind('PodDisruptionBudget')) {
      const selected = workloads.filter((w) =>
        Object.entries(pdb['spec'].selector.matchLabels as Record<string, string>).every(
          ([k, v]) => (w['spec'].template.metadata.labels as Record<string, string>)[k] === v,
        ),
      );
      expect(selected, `PDB ${String(pdb['metadata'].name)} selects a workload`).toHaveLength(1);
      // A budget that allows no eviction at all would block node drains.
      expect(pdb['spec'].minAvailable).toBeLessThan(selected[0]!['spec'].replicas as number);
    }
    expect(
      byKind('PodDisruptionBudget')
        .map((p) => p['metadata'].name)
        .sort(),
    ).toEqual(['tracey-aggregator', 'tracey-api', 'tracey-webhook-adapter'].sort());
  });

  it("scales the workers with KEDA on the aggregator's queue, with the workers' broker URL", () => {
    const [scaled] = byKind('ScaledObject');
    expect(scaled!['spec'].scaleTargetRef.name).toBe('tracey-aggregator');
    const [trigger] = scaled!['spec'].triggers as Json[];
    const aggregator = workloads.find((w) => w['metadata'].name === 'tracey-aggregator')!;
    const queue = (aggregator['spec'].template.spec.containers[0].env as Json[]).find(
      (v) => v['name'] === 'TRACEY_QUEUE',
    );
    expect(trigger!['type']).toBe('rabbitmq');
    expect(trigger!['metadata'].queueName).toBe(queue!['value']);
    expect(trigger!['metadata'].queueName).toBe(aggregatorConfigSpec.queue.schema.parse(undefined));
    const auth = named('TriggerAuthentication', trigger!['authenticationRef'].name as string);
    expect(auth['spec'].secretTargetRef).toEqual([
      { parameter: 'host', name: 'tracey-secrets', key: 'TRACEY_AMQP_URL' },
    ]);
  });

  it('purges nightly, one run at a time, as `npm run purge` does, with only the Neo4j secret', () => {
    const job = named('CronJob', 'tracey-purge');
    expect(job['spec'].concurrencyPolicy).toBe('Forbid');
    const pod = job['spec'].jobTemplate.spec.template.spec as Json;
    expect(pod['restartPolicy']).toBe('Never');
    const [container] = pod['containers'] as Json[];
    expect(container!['command']).toEqual(['node', 'aggregator/dist/bin/purge.js']);
    expect(existsSync(`${root}aggregator/src/bin/purge.ts`)).toBe(true);
    expect(container!['image']).toBe('ghcr.io/example/tracey:0.1.0');
    // The arguments the purge's --help documents, the age required.
    const args = container!['args'] as string[];
    const usage = readFileSync(`${root}aggregator/src/bin/purge.ts`, 'utf8');
    expect(args).toContain('--older-than');
    for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(usage).toContain(`  ${flag} `);
    // Its environment: the config map and the Neo4j password, accepted by the workers' parser
    // (the purge reads the aggregator's configuration).
    const env: Record<string, string> = { ...config };
    for (const variable of container!['env'] as Json[]) {
      const ref = variable['valueFrom']?.secretKeyRef as Json;
      expect(ref['name']).toBe('tracey-secrets');
      env[variable['name'] as string] = secrets[ref['key'] as string]!;
    }
    expect(Object.keys(env)).toContain('TRACEY_NEO4J_PASSWORD');
    expect(Object.keys(env)).not.toContain('TRACEY_AMQP_URL');
    const parsed = parseConfig(aggregatorConfigSpec, env);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(container!['securityContext']).toMatchObject({ readOnlyRootFilesystem: true });
  });

  it('keeps real secrets out of git: the overlay reads secrets.env, which is ignored', () => {
    expect(readFileSync(`${root}.gitignore`, 'utf8')).toContain('deploy/kubernetes/overlays/*/secrets.env');
    expect(
      Object.values(envFile(`${k8s}/overlays/example/secrets.env.example`)).every((v) =>
        v.includes('change-me'),
      ),
    ).toBe(true);
  });
});
