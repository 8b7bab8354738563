import type { TraceContentsAnswer, TraceReleasesAnswer } from '@tracey/api/contract';
import type { ComponentChildren } from 'preact';
import { Answer, EventLink, Field, Link, TypeBadge } from '../components.js';
import { formatDuration, formatTime, toCsv } from '../lib/format.js';
import { download, formValues } from '../lib/dom.js';
import { href, navigate } from '../lib/router.js';
import { useApi } from '../lib/use-api.js';

// Trace-down (what is in a release) and trace-up (where a change went), as tables that export to
// CSV and JSON and print as release notes.

interface Column<T> {
  readonly title: string;
  readonly cell: (row: T) => ComponentChildren;
}

function Table<T extends object>(props: {
  title: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  file: string;
  empty: string;
}) {
  const rows = props.rows as readonly Record<string, unknown>[];
  return (
    <section class="report-section" data-section={props.file}>
      <h2>
        {props.title} <span class="count">{props.rows.length}</span>
      </h2>
      {props.rows.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                {props.columns.map((column) => (
                  <th key={column.title} scope="col">
                    {column.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row, index) => (
                <tr key={index}>
                  {props.columns.map((column) => (
                    <td key={column.title}>{column.cell(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="no-print">
            <button
              type="button"
              class="small"
              onClick={() => download(`${props.file}.csv`, 'text/csv', toCsv(rows))}
            >
              {props.title}: CSV
            </button>
          </p>
        </>
      )}
    </section>
  );
}

const time = <T extends { time: number | null }>(): Column<T> => ({
  title: 'time (UTC)',
  cell: (row) => <span class="nowrap">{formatTime(row.time)}</span>,
});
const event = <T extends { id: string; type?: string }>(): Column<T> => ({
  title: 'event',
  cell: (row) => (
    <>
      {row.type === undefined ? null : <TypeBadge type={row.type} />} <EventLink id={row.id} />
    </>
  ),
});

const identity = <T extends { identity: string | null }>(): Column<T> => ({
  title: 'identity',
  cell: (row) => <span class="mono">{row.identity ?? '—'}</span>,
});
const nameAndVersion = <T extends { name: string | null; version: string | null }>(): Column<T> => ({
  title: 'name',
  cell: (row) => `${row.name ?? '—'} ${row.version ?? ''}`,
});

function ReportForm(props: {
  view: 'release' | 'change';
  id: string;
  label: string;
  bound: string;
  boundLabel: string;
}) {
  return (
    <form
      class="filters no-print"
      onSubmit={(submitted) => {
        submitted.preventDefault();
        const form = formValues(submitted.currentTarget);
        navigate(
          href(props.view, { id: form['id'], [props.view === 'release' ? 'since' : 'until']: form['bound'] }),
        );
      }}
    >
      <Field label={props.label}>
        <input name="id" class="mono" value={props.id} required />
      </Field>
      <Field label={props.boundLabel}>
        <input name="bound" class="mono" value={props.bound} />
      </Field>
      <div class="actions">
        <button type="submit">Trace</button>
      </div>
    </form>
  );
}

function ExportButtons(props: { name: string; data: unknown }) {
  return (
    <p class="no-print actions">
      <button
        type="button"
        onClick={() =>
          download(`${props.name}.json`, 'application/json', JSON.stringify(props.data, null, 2))
        }
      >
        Export JSON
      </button>
      <button type="button" onClick={() => print()}>
        Print release notes
      </button>
    </p>
  );
}

export function ReleaseView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const id = params.get('id') ?? '';
  const since = params.get('since') ?? '';
  const answer = useApi<TraceContentsAnswer>(
    id === '' ? null : `/trace/${encodeURIComponent(id)}/contents`,
    { since },
    retry,
  );
  return (
    <section aria-labelledby="release-title">
      <h1 id="release-title">What is in a release</h1>
      <ReportForm
        view="release"
        id={id}
        label="Release (artifact, composition, confidence level)"
        bound={since}
        boundLabel="Since an earlier release (id, or previous)"
      />
      <Answer loaded={answer}>
        {(report) => (
          <div class="report" data-testid="release-report">
            <p>
              <TypeBadge type={report.start.type} /> <EventLink id={report.start.id} /> at{' '}
              {formatTime(report.start.time)}
              {report.since === null ? null : (
                <>
                  {' '}
                  — new since <EventLink id={report.since.id} /> ({formatTime(report.since.time)})
                </>
              )}
            </p>
            <ExportButtons name={`release-${report.start.id}`} data={report} />
            <Table
              title="Source changes"
              file="source-changes"
              rows={report.sourceChanges}
              empty="No source change is upstream of this release."
              columns={[
                time(),
                {
                  title: 'commit',
                  cell: (row) => <span class="mono">{row.commitId?.slice(0, 12) ?? '—'}</span>,
                },
                { title: 'repository', cell: (row) => row.repoName ?? row.repoUri ?? '—' },
                { title: 'branch', cell: (row) => row.branch ?? '—' },
                { title: 'by', cell: (row) => row.author?.name ?? row.submitter?.name ?? '—' },
                event(),
              ]}
            />
            <Table
              title="Work items"
              file="work-items"
              rows={report.workItems}
              empty="No work item is named by these changes."
              columns={[
                {
                  title: 'issue',
                  cell: (row) => (row.uri === null ? row.issueId : <a href={row.uri}>{row.issueId}</a>),
                },
                { title: 'type', cell: (row) => row.issueType ?? '—' },
                { title: 'title', cell: (row) => row.title ?? '—' },
                {
                  title: 'resolved by',
                  cell: (row) =>
                    row.resolvedBy.map((by) => <EventLink key={by.sourceChange} id={by.sourceChange} />),
                },
              ]}
            />
            <Table
              title="Artifacts"
              file="artifacts"
              rows={report.artifacts}
              empty="No artifact."
              columns={[time(), identity(), event()]}
            />
            <Table
              title="Third-party components"
              file="third-party"
              rows={report.thirdPartyComponents}
              empty="No third-party component."
              columns={[time(), identity(), event()]}
            />
            <Table
              title="Compositions"
              file="compositions"
              rows={report.compositions}
              empty="No composition."
              columns={[time(), nameAndVersion(), event()]}
            />
            <Table
              title="Missing events"
              file="missing"
              rows={report.missing}
              empty="None: every event linked to is stored."
              columns={[
                { title: 'id', cell: (row) => <span class="mono">{row.id}</span> },
                { title: 'depth', cell: (row) => row.depth },
              ]}
            />
            <p class="muted">
              {report.otherEvents.length} other events (activities, tests, …) are upstream too.
            </p>
          </div>
        )}
      </Answer>
    </section>
  );
}

export function ChangeView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const id = params.get('id') ?? '';
  const until = params.get('until') ?? '';
  const answer = useApi<TraceReleasesAnswer>(
    id === '' ? null : `/trace/${encodeURIComponent(id)}/releases`,
    { until },
    retry,
  );
  const after = <T extends { afterMs: number }>(): Column<T> => ({
    title: 'after',
    cell: (row) => formatDuration(row.afterMs),
  });
  return (
    <section aria-labelledby="change-title">
      <h1 id="change-title">Where a change went</h1>
      <ReportForm
        view="change"
        id={id}
        label="Change (source change, commit event)"
        bound={until}
        boundLabel="Up to release (id)"
      />
      <Answer loaded={answer}>
        {(report) => (
          <div class="report" data-testid="change-report">
            <p>
              <TypeBadge type={report.start.type} /> <EventLink id={report.start.id} /> at{' '}
              {formatTime(report.start.time)}
            </p>
            <ExportButtons name={`change-${report.start.id}`} data={report} />
            <Table
              title="Deployments"
              file="deployments"
              rows={report.deployments}
              empty="Not deployed (yet)."
              columns={[
                time(),
                after(),
                { title: 'where', cell: (row) => row.environment ?? row.name ?? '—' },
                { title: 'artifact', cell: (row) => <span class="mono">{row.artifact ?? '—'}</span> },
                event(),
              ]}
            />
            <Table
              title="Artifacts"
              file="artifacts"
              rows={report.artifacts}
              empty="In no artifact (yet)."
              columns={[time(), after(), identity(), event()]}
            />
            <Table
              title="Compositions"
              file="compositions"
              rows={report.compositions}
              empty="In no composition."
              columns={[time(), after(), nameAndVersion(), event()]}
            />
            <Table
              title="Confidence levels"
              file="confidence-levels"
              rows={report.confidenceLevels}
              empty="No confidence level."
              columns={[
                time(),
                after(),
                { title: 'name', cell: (row) => `${row.name ?? '—'} = ${row.value ?? '—'}` },
                event(),
              ]}
            />
            <Table
              title="Publications"
              file="publications"
              rows={report.publications}
              empty="Not published."
              columns={[time(), after(), event()]}
            />
            <p>
              <Link view="graph" params={{ id: report.start.id, dir: 'downstream' }}>
                Downstream graph
              </Link>
            </p>
          </div>
        )}
      </Answer>
    </section>
  );
}
