// How times, durations and event types are shown everywhere in the UI.

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** 93784000 → "1d 2h 3min 4s"; below a second, "850 ms". At most the two largest units. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '−' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${Math.round(rest)} ms`;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + parts.join(' ');
}

/** ms since the epoch → "2026-11-23 10:00:00" (UTC, as the API's times are). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** The family an event type belongs to, which gives its colour in the graph and the tables. */
export type TypeFamily =
  | 'change'
  | 'activity'
  | 'artifact'
  | 'test'
  | 'confidence'
  | 'deployment'
  | 'incident'
  | 'other'
  | 'missing';

const FAMILIES: readonly [RegExp, TypeFamily][] = [
  [/SourceChange|\.change\.|\.branch\.|\.repository\./i, 'change'],
  [/Incident|\.incident\./i, 'incident'],
  [/ArtifactDeployed|EnvironmentDefined|\.service\.|\.environment\./i, 'deployment'],
  [/Artifact|Composition|\.artifact\./i, 'artifact'],
  [/TestCase|TestSuite|TestExecution|\.test/i, 'test'],
  [/ConfidenceLevel/i, 'confidence'],
  [/Activity|\.pipelinerun\.|\.taskrun\.|\.build\./i, 'activity'],
];

export function typeFamily(type: string | null): TypeFamily {
  if (type === null) return 'missing';
  return FAMILIES.find(([pattern]) => pattern.test(type))?.[1] ?? 'other';
}

/** The colours of the families: dark enough for white text (WCAG AA, 4.5:1). */
export const FAMILY_COLOURS: Readonly<Record<TypeFamily, string>> = {
  change: '#1d4ed8',
  activity: '#4b5563',
  artifact: '#7e22ce',
  test: '#0f766e',
  confidence: '#a16207',
  deployment: '#15803d',
  incident: '#b91c1c',
  other: '#334155',
  missing: '#6b7280',
};

/** "EiffelArtifactCreatedEvent" → "ArtifactCreated"; "dev.cdevents.service.deployed.0.2.0" → "service.deployed". */
export function shortType(type: string | null): string {
  if (type === null) return 'missing';
  const eiffel = /^Eiffel(.+)Event$/.exec(type);
  if (eiffel?.[1] !== undefined) return eiffel[1];
  const cd = /^dev\.cdevents?x?\.([a-z]+)\.([a-z]+)\./.exec(type);
  if (cd !== null) return `${cd[1]}.${cd[2]}`;
  return type;
}

/** Rows as CSV (RFC 4180 quoting), the columns those of the first row. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const columns = Object.keys(first);
  const cell = (value: unknown): string => {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : value === null || value === undefined
            ? ''
            : JSON.stringify(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((name) => cell(row[name])).join(','))].join(
    '\r\n',
  );
}
