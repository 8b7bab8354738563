import { describe, expect, it } from 'vitest';
import { buildEventId, buildIdentity, jenkinsNotification } from '@tracey/jenkins-adapter';
import { BUILD_PHASES, buildNotification, buildUrl, type DemoBuild } from './jenkins-build.js';

const build: DemoBuild = {
  jenkinsUrl: 'http://127.0.0.1:8089/',
  job: 'shop-deploy-staging',
  number: 7,
  parameters: { TRACEY_CAUSE: '5b2a7c3e-1d4f-4a8b-9c6e-2f1a3b4c5d6e' },
  scm: { url: 'https://git.example.com/acme/shop.git', branch: 'origin/main', commit: 'c0ffee' },
  startedAt: 1_790_000_000_000,
  queuedMs: 500,
  durationMs: 2_000,
  result: 'SUCCESS',
};

describe('buildNotification', () => {
  it('is what the adapter takes from the Notification plugin, in every phase', () => {
    for (const phase of BUILD_PHASES) {
      const parsed = jenkinsNotification.safeParse(buildNotification(build, phase));
      expect(parsed.error?.issues, phase).toBeUndefined();
    }
  });

  it('times the phases like Jenkins: queued before the start, the outcome only when finished', () => {
    const phases = BUILD_PHASES.map(
      (phase) => buildNotification(build, phase)['build'] as Record<string, unknown>,
    );
    expect(
      phases.map((phase) => [phase['phase'], phase['timestamp'], phase['duration'], phase['status']]),
    ).toEqual([
      ['QUEUED', 1_789_999_999_500, 0, undefined],
      ['STARTED', 1_790_000_000_000, 0, undefined],
      ['COMPLETED', 1_790_000_000_000, 2_000, 'SUCCESS'],
      ['FINALIZED', 1_790_000_000_000, 2_000, 'SUCCESS'],
    ]);
    expect(phases[0]?.['parameters']).toEqual(build.parameters);
  });

  it('names the build by its full URL, which its event ids come from', () => {
    expect(buildUrl(build)).toBe('http://127.0.0.1:8089/job/shop-deploy-staging/7/');
    expect((buildNotification(build, 'STARTED')['build'] as Record<string, unknown>)['full_url']).toBe(
      buildUrl(build),
    );
    expect(buildEventId(buildIdentity(buildUrl(build), build.number), 'triggered')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });
});
