import { summarize, type DurationSummary } from './duration-summary.js';
import { tierOf, type DoraTier } from './dora-tiers.js';

const DAY_MS = 86_400_000;

/** The tiers of a figure by the 2023 and the 2021 thresholds. */
export interface Tiers {
  readonly tier2023: DoraTier | null;
  readonly tier2021: DoraTier | null;
}

/** The five keys over one set of deployments and incidents (docs/dora.md#the-keys). */
export interface DoraKeys {
  readonly deploymentFrequency: Tiers & {
    /** Deployment days per week. */
    readonly value: number;
    readonly sample: number;
    readonly deployments: number;
    readonly successful: number;
    readonly deploymentDays: number;
    /** Successful deployments per day: what the tier is of. */
    readonly perDay: number;
    readonly days: number;
  };
  readonly leadTime: Tiers & DurationSummary & { readonly value: number | null };
  readonly changeFailureRate: Tiers & {
    readonly value: number | null;
    readonly sample: number;
    readonly failed: number;
    readonly deployments: number;
  };
  readonly recoveryTime: Tiers &
    DurationSummary & { readonly value: number | null; readonly fromDeployment: DurationSummary };
  readonly reworkRate: {
    readonly value: number | null;
    readonly sample: number;
    readonly rework: number;
    readonly deployments: number;
  };
}

/** What the keys are computed from: facts about each deployment and incident of the scope. */
export interface KeyInputs {
  readonly from: number;
  readonly to: number;
  readonly deployments: readonly { time: number; successful: boolean; failed: boolean; rework: boolean }[];
  /** Lead times (ms) of the changes first delivered by a deployment of the scope in the window. */
  readonly leadTimes: readonly number[];
  readonly recoveries: readonly number[];
  readonly recoveriesFromDeployment: readonly number[];
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const tiers = (key: Parameters<typeof tierOf>[0], value: number | null): Tiers => ({
  tier2023: tierOf(key, value, '2023'),
  tier2021: tierOf(key, value, '2021'),
});

/** The keys of `inputs`. */
export function doraKeys(inputs: KeyInputs): DoraKeys {
  const days = (inputs.to - inputs.from) / DAY_MS;
  const successful = inputs.deployments.filter((d) => d.successful);
  const deploymentDays = new Set(successful.map((d) => Math.floor(d.time / DAY_MS))).size;
  const perDay = days > 0 ? successful.length / days : 0;
  const failed = inputs.deployments.filter((d) => d.failed).length;
  const rework = inputs.deployments.filter((d) => d.rework).length;
  const lead = summarize(inputs.leadTimes);
  const recovery = summarize(inputs.recoveries);
  const total = inputs.deployments.length;
  return {
    deploymentFrequency: {
      value: days > 0 ? deploymentDays / (days / 7) : 0,
      sample: total,
      deployments: total,
      successful: successful.length,
      deploymentDays,
      perDay,
      days,
      ...tiers('deploymentFrequency', total === 0 ? null : perDay),
    },
    leadTime: { value: lead.medianMs, ...lead, ...tiers('leadTime', lead.medianMs) },
    changeFailureRate: {
      value: ratio(failed, total),
      sample: total,
      failed,
      deployments: total,
      ...tiers('changeFailureRate', ratio(failed, total)),
    },
    recoveryTime: {
      value: recovery.medianMs,
      ...recovery,
      fromDeployment: summarize(inputs.recoveriesFromDeployment),
      ...tiers('recoveryTime', recovery.medianMs),
    },
    reworkRate: { value: ratio(rework, total), sample: total, rework, deployments: total },
  };
}
