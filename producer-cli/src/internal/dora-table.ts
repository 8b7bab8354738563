import type { DoraAnswer, DoraKeysAnswer } from '@tracey/api/contract';
import { shortDuration } from './report-tree.js';

// The DORA keys of `GET /dora` as a terminal reads them: one line per key with its figure, what it
// is of, and its DORA 2023 tier; then one line per period when grouped.

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);
const tier = (value: string | null | undefined) => (value === null || value === undefined ? '' : value);

function keyRows(keys: DoraKeysAnswer): [string, string, string, string][] {
  const frequency = keys.deploymentFrequency;
  return [
    [
      'deployment frequency',
      `${frequency.value.toFixed(2)} days/week`,
      `${frequency.successful}/${frequency.deployments} successful in ${frequency.days} days, ${frequency.perDay.toFixed(2)}/day`,
      tier(frequency.tier2023),
    ],
    [
      'lead time for changes',
      shortDuration(keys.leadTime.value),
      `median of ${keys.leadTime.sample}, p90 ${shortDuration(keys.leadTime.p90Ms)}`,
      tier(keys.leadTime.tier2023),
    ],
    [
      'change failure rate',
      percent(keys.changeFailureRate.value),
      `${keys.changeFailureRate.failed}/${keys.changeFailureRate.deployments} deployments failed`,
      tier(keys.changeFailureRate.tier2023),
    ],
    [
      'recovery time',
      shortDuration(keys.recoveryTime.value),
      `median of ${keys.recoveryTime.sample} incidents; from the deployment ${shortDuration(keys.recoveryTime.fromDeployment.medianMs)}`,
      tier(keys.recoveryTime.tier2023),
    ],
    [
      'rework rate',
      percent(keys.reworkRate.value),
      `${keys.reworkRate.rework}/${keys.reworkRate.deployments} deployments unplanned`,
      '',
    ],
  ];
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

export function doraTable(answer: DoraAnswer): string[] {
  const scope = [
    `${answer.since.slice(0, 10)} → ${answer.until.slice(0, 10)}`,
    answer.environment ?? 'production environments',
    answer.services === null ? 'every service' : answer.services.join(', '),
  ].join(' · ');
  const lines = [
    `DORA keys · ${scope}`,
    ...columns([['key', 'value', 'of', 'tier 2023'], ...keyRows(answer.keys)]),
  ];
  if (answer.groups.length > 0) {
    lines.push('');
    lines.push(
      ...columns([
        ['period', 'deployments', 'lead time', 'failure rate', 'recovery'],
        ...answer.groups.map(({ period, keys }) => [
          period,
          String(keys.deploymentFrequency.deployments),
          shortDuration(keys.leadTime.value),
          percent(keys.changeFailureRate.value),
          shortDuration(keys.recoveryTime.value),
        ]),
      ]),
    );
  }
  return lines;
}
