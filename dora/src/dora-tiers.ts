/** A performance tier of the DORA reports. */
export type DoraTier = 'elite' | 'high' | 'medium' | 'low';

/** The keys that have tiers. */
export type TieredKey = 'deploymentFrequency' | 'leadTime' | 'changeFailureRate' | 'recoveryTime';

/**
 * The lowest value of each tier, best first: a figure is in the first tier whose bound it meets.
 * `atLeast` for figures where more is better (deployments per day), `below` for durations (ms)
 * and `atMost` for ratios. The reports give ranges with gaps and overlaps (2023 gives medium and low
 * the same frequency range; 2021 gives high, medium and low the same failure rate, split here at
 * 20 % and 30 % as Apache DevLake does): each bound is
 * where the better tier's range ends (docs/dora.md#tiers).
 */
interface TierBounds {
  readonly deploymentFrequency: { readonly atLeast: readonly [number, number, number] };
  readonly leadTime: { readonly below: readonly [number, number, number] };
  readonly changeFailureRate: { readonly atMost: readonly [number, number, number] };
  readonly recoveryTime: { readonly below: readonly [number, number, number] };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** The thresholds of the State of DevOps reports 2023 and 2021, in one table (docs/dora.md#tiers). */
export const DORA_TIERS: Readonly<Record<'2023' | '2021', TierBounds>> = {
  '2023': {
    // elite: on demand (at least daily); high: daily to weekly; medium: weekly to monthly
    deploymentFrequency: { atLeast: [1, 1 / 7, 1 / 30] },
    // elite: less than a day; high: a day to a week; medium: a week to a month
    leadTime: { below: [DAY, WEEK, MONTH] },
    // the clusters' rates: 5 %, 10 %, 15 %, 64 %
    changeFailureRate: { atMost: [0.05, 0.1, 0.15] },
    // elite: less than an hour; high: less than a day; medium: a day to a week
    recoveryTime: { below: [HOUR, DAY, WEEK] },
  },
  '2021': {
    // elite: on demand; high: weekly to monthly; medium: monthly to every six months
    deploymentFrequency: { atLeast: [1, 1 / 30, 1 / 182] },
    // elite: less than an hour; high: a day to a week; medium: a month to six months
    leadTime: { below: [HOUR, WEEK, 182 * DAY] },
    // elite: 0–15 %; high, medium and low all 16–30 %: split at 20 % and 30 % as Apache DevLake does
    changeFailureRate: { atMost: [0.15, 0.2, 0.3] },
    // elite: less than an hour; high: less than a day; medium: a day to a week
    recoveryTime: { below: [HOUR, DAY, WEEK] },
  },
};

const ORDER: readonly DoraTier[] = ['elite', 'high', 'medium'];

/** The tier of `value` for `key` by the `report`'s thresholds; `null` without a value. */
export function tierOf(key: TieredKey, value: number | null, report: '2023' | '2021'): DoraTier | null {
  if (value === null || Number.isNaN(value)) return null;
  const bounds = DORA_TIERS[report][key];
  for (const [index, tier] of ORDER.entries()) {
    const meets =
      'atLeast' in bounds
        ? value >= (bounds.atLeast[index] as number)
        : 'below' in bounds
          ? value < (bounds.below[index] as number)
          : value <= (bounds.atMost[index] as number);
    if (meets) return tier;
  }
  return 'low';
}
