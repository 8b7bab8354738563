import { describe, expect, it } from 'vitest';
import { validateCdEvent, type CdEvent } from '@tracey/schemas';
import { runTracey } from '../../../test/run-tracey.js';

// `tracey cd …`: the CDEvents the DORA keys need, built from flags and checked against the 0.5.1
// schema of their type. With --output stdout the event itself is printed (no broker needed).
const env = { TRACEY_LOG_LEVEL: 'silent' };
const PURL = 'pkg:oci/app@sha256%3Aabc123';

async function published(argv: string[]): Promise<CdEvent> {
  const run = await runTracey([...argv, '--output', 'stdout'], env);
  expect(run.exitCode, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const parsed = validateCdEvent(JSON.parse(lines[0] ?? ''));
  expect(parsed.ok && parsed.verified, JSON.stringify(parsed)).toBe(true);
  if (!parsed.ok) throw new Error('invalid');
  return parsed.event;
}

describe('tracey cd', () => {
  it('change merged, artifact packaged and published: a change and what was built from it', async () => {
    const merged = await published([
      'cd',
      'change',
      'merged',
      '--change',
      'acme/app#42',
      '--repository',
      'acme/app',
      '--commit',
      'c0ffee'.padEnd(40, '0'),
    ]);
    expect(merged.context).toMatchObject({
      type: 'dev.cdevents.change.merged.0.3.0',
      specversion: '0.5.1',
      source: '/tracey/cli',
    });
    expect(merged.subject).toEqual({ id: 'acme/app#42', content: { repository: { id: 'acme/app' } } });
    // The commit, by which the Eiffel source change of it is the same change (docs/graph-model.md).
    expect(merged.customData).toEqual({ commitId: 'c0ffee'.padEnd(40, '0') });

    const packaged = await published([
      'cd',
      'artifact',
      'packaged',
      '--artifact',
      PURL,
      '--change',
      'acme/app#42',
      '--follows',
      merged.context.id,
    ]);
    expect(packaged.subject).toEqual({ id: PURL, content: { change: { id: 'acme/app#42' } } });
    expect(packaged.context.links).toEqual([{ linkType: 'PATH', from: { contextId: merged.context.id } }]);

    const pushed = await published([
      'cd',
      'artifact',
      'published',
      '--artifact',
      PURL,
      '--source',
      'https://ci.example.com/job/7',
    ]);
    expect(pushed.context.source).toBe('https://ci.example.com/job/7');
    expect(pushed.subject).toEqual({ id: PURL, content: {} });
  });

  it.each(['deployed', 'upgraded', 'rolledback'])(
    'service %s names service, environment and artifact',
    async (predicate) => {
      const event = await published([
        'cd',
        'service',
        predicate,
        '--service',
        'app',
        '--environment',
        'production',
        '--artifact',
        PURL,
        '--chain-id',
        'chain-1',
      ]);
      expect(event.context).toMatchObject({
        type: `dev.cdevents.service.${predicate}.0.3.0`,
        chainId: 'chain-1',
      });
      expect(event.subject).toEqual({
        id: 'app',
        content: { environment: { id: 'production' }, artifactId: PURL },
      });
    },
  );

  it.each(['detected', 'reported', 'resolved'])('incident %s names what it is in', async (predicate) => {
    const ticket = predicate === 'reported' ? ['--ticket', 'https://jira.example.com/browse/OPS-7'] : [];
    const event = await published([
      'cd',
      'incident',
      predicate,
      '--incident',
      'INC-42',
      '--environment',
      'production',
      '--service',
      'app',
      '--artifact',
      PURL,
      '--relates',
      'deploy-1',
      ...ticket,
    ]);
    expect(event.context.type).toBe(`dev.cdevents.incident.${predicate}.0.3.0`);
    expect(event.subject.content).toEqual({
      environment: { id: 'production' },
      service: { id: 'app' },
      artifactId: PURL,
      ...(predicate === 'reported' ? { ticketURI: 'https://jira.example.com/browse/OPS-7' } : {}),
    });
    expect(event.context.links).toEqual([
      { linkType: 'RELATION', linkKind: 'TRIGGER', target: { contextId: 'deploy-1' } },
    ]);
  });

  it('refuses what the schema refuses, naming the field, and a missing flag, with exit 2', async () => {
    const bad = await runTracey(
      ['cd', 'artifact', 'published', '--artifact', PURL, '--source', 'not a \\uri', '--output', 'stdout'],
      env,
    );
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('context.source: must be a uri-reference');
    const missing = await runTracey(
      ['cd', 'service', 'deployed', '--service', 'app', '--artifact', PURL],
      env,
    );
    // oclif's own message for it is printed by its runner: cli-process.test.ts checks one such line.
    expect(missing.exitCode).toBe(2);
  });

  it('prints only the id with --dry-run', async () => {
    const run = await runTracey(['cd', 'change', 'merged', '--change', 'c1', '--dry-run'], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
  });
});
