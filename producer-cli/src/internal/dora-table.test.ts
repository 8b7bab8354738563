import { describe, expect, it } from 'vitest';
import type { DoraAnswer, DoraKeysAnswer } from '@tracey/api/contract';
import { doraTable } from './dora-table.js';

const tiers = { tier2023: 'high' as const, tier2021: 'high' as const };
const durations = { sample: 4, medianMs: 7_200_000, p75Ms: 9_000_000, p90Ms: 10_800_000 };
const keys: DoraKeysAnswer = {
  deploymentFrequency: {
    value: 3.5,
    sample: 10,
    deployments: 10,
    successful: 9,
    deploymentDays: 7,
    perDay: 0.64,
    days: 14,
    ...tiers,
  },
  leadTime: { value: 7_200_000, ...durations, ...tiers },
  changeFailureRate: {
    value: 0.1,
    sample: 10,
    failed: 1,
    deployments: 10,
    tier2023: 'elite',
    tier2021: 'elite',
  },
  recoveryTime: { value: 3_600_000, ...durations, fromDeployment: durations, tier2023: null, tier2021: null },
  reworkRate: { value: 0.2, sample: 10, rework: 2, deployments: 10 },
};

describe('doraTable', () => {
  it('puts each key on a line with its figure, what it is of and its tier; then one line per period', () => {
    const answer: DoraAnswer = {
      since: '2026-11-01T00:00:00.000Z',
      until: '2026-11-15T00:00:00.000Z',
      services: ['checkout'],
      environment: null,
      keys,
      groups: [{ period: '2026-11-02', keys }],
    };
    const lines = doraTable(answer);
    expect(lines[0]).toBe('DORA keys · 2026-11-01 → 2026-11-15 · production environments · checkout');
    expect(lines.find((line) => line.startsWith('deployment frequency'))).toMatch(
      /3\.50 days\/week +9\/10 successful in 14 days, 0\.64\/day +high$/,
    );
    expect(lines.find((line) => line.startsWith('lead time'))).toMatch(/2h +median of 4, p90 3h +high$/);
    expect(lines.find((line) => line.startsWith('change failure rate'))).toMatch(
      /10\.0 % +1\/10 deployments failed +elite$/,
    );
    expect(lines.find((line) => line.startsWith('recovery time'))).toMatch(
      /1h +median of 4 incidents; from the deployment 2h$/,
    );
    expect(lines.find((line) => line.startsWith('rework rate'))).toMatch(
      /20\.0 % +2\/10 deployments unplanned$/,
    );
    expect(lines.at(-1)).toMatch(/^2026-11-02 +10 +2h +10\.0 % +1h$/);
  });
});
