// @tracey/dora: the DORA keys from the event graph — what a deployment, a change and an incident
// are, the config, the computation. Read through `GraphReader` only; nothing is stored. A
// generated history for tests and benchmarks is in `@tracey/dora/testing`.

export { computeDora, teamServices } from './dora-compute.js';
export { changeJourney } from './change-journey.js';
export type { ChangeArrival, ChangeJourney, ChangeJourneyQuery } from './change-journey.js';
export type {
  DoraQuery,
  DoraLimits,
  DoraResult,
  DoraDeployment,
  DoraIncident,
  DeploymentChange,
} from './dora-compute.js';
export { DEFAULT_DORA_CONFIG, loadDoraConfig, parseDoraConfig } from './dora-config.js';
export type { DoraConfig, DoraTeam } from './dora-config.js';
export { DORA_ERROR_CODES } from './dora-error.js';
export { DORA_TIERS, tierOf } from './dora-tiers.js';
export type { DoraTier, TieredKey } from './dora-tiers.js';
export { percentile, summarize } from './duration-summary.js';
export type { DurationSummary } from './duration-summary.js';
export type { DoraKeys, Tiers } from './dora-keys.js';
export { periodStart, type DoraPeriod } from './dora-periods.js';
export { purlWithoutVersion } from './dora-reader.js';
export type { DoraGraph } from './dora-reader.js';
export type { CauseMethod, DeploymentSource } from './dora-model.js';
