import { describe, expect, it } from 'vitest';
import { contentsTree, leadTimeStatsLines, releasesTree, shortDuration } from './report-tree.js';

const T = Date.parse('2026-11-23T10:00:00.000Z');
const event = (id: string, type: string, time = T) => ({ id, type, time, depth: 1 });
const start = (id: string, type: string) => ({ id, type, time: T });
const person = (name: string, email: string) => ({ name, email, id: null, group: null });

describe('report trees', () => {
  it('draws a release’s contents, one branch per non-empty kind', () => {
    const lines = contentsTree({
      start: start('clm-1', 'EiffelConfidenceLevelModifiedEvent'),
      since: null,
      sourceChanges: [
        {
          ...event('scc-1', 'EiffelSourceChangeCreatedEvent'),
          vcs: 'git',
          commitId: 'c0ffee',
          repoName: 'app',
          repoUri: null,
          branch: 'main',
          author: person('Ada', 'ada@example.com'),
          submitter: null,
        },
      ],
      workItems: [
        {
          eventId: 'issue-1',
          issueId: 'APP-1',
          issueType: null,
          tracker: 'JIRA',
          uri: null,
          title: 'crash',
          time: null,
          resolvedBy: [{ sourceChange: 'scc-1', relation: 'RESOLVED_ISSUE' }],
        },
      ],
      artifacts: [
        { ...event('art-1', 'EiffelArtifactCreatedEvent'), identity: 'pkg:npm/app@1.0.0', name: null },
      ],
      thirdPartyComponents: [
        { ...event('art-2', 'EiffelArtifactCreatedEvent'), identity: 'pkg:npm/left-pad@1.3.0', name: null },
      ],
      compositions: [],
      otherEvents: [],
      missing: [{ id: 'gone-1', depth: 1 }],
    });
    expect(lines).toEqual([
      'Contents of EiffelConfidenceLevelModifiedEvent clm-1 (2026-11-23T10:00:00.000Z)',
      '├─ Source changes (1)',
      '│  └─ c0ffee app main created Ada <ada@example.com> 2026-11-23T10:00:00.000Z',
      '├─ Work items (1)',
      '│  └─ JIRA APP-1 "crash" (resolved by c0ffee)',
      '├─ Artifacts (1)',
      '│  └─ pkg:npm/app@1.0.0 2026-11-23T10:00:00.000Z',
      '├─ Third-party components (1)',
      '│  └─ pkg:npm/left-pad@1.3.0 2026-11-23T10:00:00.000Z',
      '└─ Missing (linked to, never stored) (1)',
      '   └─ gone-1',
    ]);
  });

  it('draws releases with how long after the start each was reached', () => {
    const lines = releasesTree({
      start: start('scc-1', 'EiffelSourceChangeCreatedEvent'),
      until: null,
      compositions: [],
      artifacts: [
        {
          ...event('art-1', 'EiffelArtifactCreatedEvent', T + 90_000),
          afterMs: 90_000,
          identity: 'pkg:npm/app@1.0.0',
          name: null,
        },
      ],
      publications: [],
      confidenceLevels: [
        {
          ...event('clm-1', 'EiffelConfidenceLevelModifiedEvent', T + 3_600_000),
          afterMs: 3_600_000,
          name: 'release',
          value: 'SUCCESS',
          subjects: [],
        },
      ],
      deployments: [],
      otherEvents: [],
    });
    expect(lines).toEqual([
      'Releases of EiffelSourceChangeCreatedEvent scc-1 (2026-11-23T10:00:00.000Z)',
      '├─ Artifacts (1)',
      '│  └─ pkg:npm/app@1.0.0 2026-11-23T10:01:30.000Z (+1m 30s)',
      '└─ Confidence levels (1)',
      '   └─ release=SUCCESS 2026-11-23T11:00:00.000Z (+1h)',
    ]);
  });

  it('tabulates lead-time statistics and says how many were left out', () => {
    const figures = { count: 2, min: 1000, p50: 1000, p90: 90_000, p99: 90_000, max: 90_000, mean: 45_500 };
    expect(
      leadTimeStatsLines({
        ...figures,
        from: { type: 'EiffelSourceChangeSubmittedEvent', filters: [] },
        to: { type: 'EiffelArtifactDeployedEvent', filters: [] },
        since: null,
        until: null,
        unmatched: 1,
        groups: [{ ...figures, week: '2026-11-23' }],
      }),
    ).toEqual([
      '                    count  min  p50     p90     p99     max       mean',
      'all                     2   1s   1s  1m 30s  1m 30s  1m 30s  45s 500ms',
      'week of 2026-11-23      2   1s   1s  1m 30s  1m 30s  1m 30s  45s 500ms',
      '1 "to" events have no "from" event upstream and are not counted',
    ]);
  });

  it('spells durations with their two largest units', () => {
    expect(shortDuration(93_784_000)).toBe('1d 2h');
    expect(shortDuration(0)).toBe('0ms');
    expect(shortDuration(-1500)).toBe('-1s 500ms');
    expect(shortDuration(null)).toBe('-');
  });
});
