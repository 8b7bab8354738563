import type {
  LeadTimeAnswer,
  LeadTimeFigures,
  LeadTimeStatsAnswer,
  TraceContentsAnswer,
  TraceReleasesAnswer,
} from '@tracey/api/contract';

// Readable forms of the query API's reports for a terminal: trees of groups, one line per event.

/** A group of a tree: its title and one line per member. */
interface Group {
  readonly title: string;
  readonly lines: readonly string[];
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** `title`, then each non-empty group as a branch with its lines as leaves. */
function tree(title: string, groups: readonly Group[]): string[] {
  const shown = groups.filter((group) => group.lines.length > 0);
  const out = [title];
  if (shown.length === 0) out.push('└─ (nothing)');
  shown.forEach((group, index) => {
    const last = index === shown.length - 1;
    out.push(`${last ? '└─' : '├─'} ${group.title} (${group.lines.length})`);
    group.lines.forEach((line, lineIndex) => {
      const leaf = lineIndex === group.lines.length - 1 ? '└─' : '├─';
      out.push(`${last ? '   ' : '│  '}${leaf} ${line}`);
    });
  });
  return out;
}

const join = (...parts: (string | null | undefined)[]) =>
  parts.filter((part): part is string => part !== null && part !== undefined && part !== '').join(' ');

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** `93784000` → `1d 2h 3m 4s`: the two largest units, enough to read at a glance. */
export function shortDuration(milliseconds: number | null): string {
  if (milliseconds === null) return '-';
  let rest = Math.abs(Math.round(milliseconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 && parts.length < 2) parts.push(`${count}${unit}`);
  }
  const text = parts.length === 0 ? '0ms' : parts.join(' ');
  return milliseconds < 0 ? `-${text}` : text;
}

/** What a release contains, grouped by kind. */
export function contentsTree(report: TraceContentsAnswer): string[] {
  const { start } = report;
  const names = new Map(report.sourceChanges.map((change) => [change.id, change.commitId ?? change.id]));
  const since =
    report.since === null || report.since === undefined
      ? ''
      : ` since ${report.since.type} ${report.since.id} (${iso(report.since.time)})`;
  return tree(`Contents of ${start.type} ${start.id} (${iso(start.time)})${since}`, [
    {
      title: 'Source changes',
      lines: report.sourceChanges.map((change) => {
        const person = change.author ?? change.submitter;
        const who =
          person === null ? null : join(person.name, person.email === null ? null : `<${person.email}>`);
        const kind = change.type === 'EiffelSourceChangeCreatedEvent' ? 'created' : 'submitted';
        return join(
          change.commitId ?? '(no commit id)',
          change.repoName,
          change.branch,
          kind,
          who,
          iso(change.time),
        );
      }),
    },
    {
      title: 'Work items',
      lines: report.workItems.map((item) => {
        const by = item.resolvedBy.map(
          (r) =>
            `${r.relation === 'RESOLVED_ISSUE' ? 'resolved' : 'partly resolved'} by ${names.get(r.sourceChange) ?? r.sourceChange}`,
        );
        return join(
          item.tracker,
          item.issueId ?? item.eventId,
          item.title === null ? null : `"${item.title}"`,
          `(${by.join(', ')})`,
        );
      }),
    },
    { title: 'Artifacts', lines: report.artifacts.map((a) => join(a.identity ?? a.id, iso(a.time))) },
    {
      title: 'Third-party components',
      lines: report.thirdPartyComponents.map((a) => join(a.identity ?? a.id, iso(a.time))),
    },
    {
      title: 'Compositions',
      lines: report.compositions.map((c) => join(c.name ?? c.id, c.version, iso(c.time))),
    },
    { title: 'Other events', lines: report.otherEvents.map((e) => join(e.type, e.id, iso(e.time))) },
    { title: 'Missing (linked to, never stored)', lines: report.missing.map((m) => m.id) },
  ]);
}

/** Where a change or work item went, grouped by kind, with when it got there. */
export function releasesTree(report: TraceReleasesAnswer): string[] {
  const { start } = report;
  const when = (event: { time: number; afterMs: number }) =>
    `${iso(event.time)} (+${shortDuration(event.afterMs)})`;
  const until =
    report.until === null || report.until === undefined
      ? ''
      : ` until ${report.until.type} ${report.until.id} (${iso(report.until.time)})`;
  return tree(`Releases of ${start.type} ${start.id} (${iso(start.time)})${until}`, [
    {
      title: 'Compositions',
      lines: report.compositions.map((c) => join(c.name ?? c.id, c.version, when(c))),
    },
    { title: 'Artifacts', lines: report.artifacts.map((a) => join(a.identity ?? a.id, when(a))) },
    {
      title: 'Publications',
      lines: report.publications.map((p) => join(`of ${p.artifact ?? '?'}`, when(p))),
    },
    {
      title: 'Confidence levels',
      lines: report.confidenceLevels.map((c) => join(`${c.name ?? '?'}=${c.value ?? '?'}`, when(c))),
    },
    { title: 'Deployments', lines: report.deployments.map((d) => join(d.kind, d.name, when(d))) },
  ]);
}

/** The lead time between two events, with the chain of links. */
export function leadTimeLines(answer: LeadTimeAnswer): string[] {
  const lines = [`${answer.duration} (${answer.milliseconds} ms) from ${answer.from} to ${answer.to}`];
  if (answer.clockSkew === true) {
    lines.push('  (negative: the later event claims an earlier time — a producer clock is off)');
  }
  const elided = answer.pathElided ?? 0;
  answer.path.forEach((step, index) => {
    lines.push(`  ${iso(step.time)}  ${step.type} ${step.id}`);
    // The next step links back to this one with `linkType`.
    if (step.linkType !== undefined) lines.push(`    ↑ ${step.linkType}`);
    // The API gives the first and last steps of a long chain; say how many are left out.
    if (elided > 0 && index === answer.path.length / 2 - 1) lines.push(`    ⋮ ${elided} more steps`);
  });
  if (answer.pathLength !== undefined) lines.push(`  ${answer.pathLength} links`);
  return lines;
}

/** Lead-time statistics as a table, one row for all and one per week when grouped. */
export function leadTimeStatsLines(stats: LeadTimeStatsAnswer): string[] {
  const header = ['', 'count', 'min', 'p50', 'p90', 'p99', 'max', 'mean'];
  const row = (label: string, s: LeadTimeFigures) => [
    label,
    String(s.count),
    ...[s.min, s.p50, s.p90, s.p99, s.max, s.mean].map(shortDuration),
  ];
  const rows = [header, row('all', stats), ...(stats.groups ?? []).map((g) => row(`week of ${g.week}`, g))];
  const widths = header.map((_, column) => Math.max(...rows.map((r) => (r[column] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
  if (stats.unmatched > 0)
    lines.push(`${stats.unmatched} "to" events have no "from" event upstream and are not counted`);
  return lines;
}
