import type { EventPageAnswer, MissingLinksAnswer } from '@tracey/api/contract';
import { useEffect, useState } from 'preact/hooks';
import { listenLive, type LiveEvent } from '../lib/live.js';
import { Answer, EventLink, Field, Link, TypeBadge } from '../components.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { formValues } from '../lib/dom.js';
import { href, navigate } from '../lib/router.js';
import { useApi } from '../lib/use-api.js';

// Find: events by the Event Repository's filters (type, time window, identity, commit, name),
// the newest first when nothing is asked, and the link targets that never arrived.

const TYPES = [
  'EiffelSourceChangeCreatedEvent',
  'EiffelSourceChangeSubmittedEvent',
  'EiffelActivityTriggeredEvent',
  'EiffelActivityFinishedEvent',
  'EiffelArtifactCreatedEvent',
  'EiffelArtifactPublishedEvent',
  'EiffelArtifactDeployedEvent',
  'EiffelCompositionDefinedEvent',
  'EiffelConfidenceLevelModifiedEvent',
  'EiffelTestCaseFinishedEvent',
  'EiffelTestSuiteFinishedEvent',
  'EiffelIssueVerifiedEvent',
  'EiffelEnvironmentDefinedEvent',
];

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The API's filters for the form's fields. */
function filters(params: URLSearchParams): Record<string, string> {
  const found: Record<string, string> = {};
  const type = params.get('type') ?? '';
  const identity = params.get('identity') ?? '';
  if (type !== '') found['meta.type'] = type;
  // Identities are artifacts' (indexed with the type): ask for artifacts when no type was chosen.
  if (identity !== '') {
    found['meta.type'] ??= 'EiffelArtifactCreatedEvent';
    found['data.identity~'] = `^${escapeRegex(identity)}`;
  }
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  if (since !== '') found['meta.time>'] = new Date(`${since}Z`).toISOString();
  if (until !== '') found['meta.time<'] = new Date(`${until}Z`).toISOString();
  const commit = params.get('commit') ?? '';
  if (commit !== '') found['data.gitIdentifier.commitId'] = commit;
  const name = params.get('name') ?? '';
  if (name !== '') found['data.name'] = name;
  return found;
}

type EventItem = EventPageAnswer['items'][number];

function describe(event: EventItem): string {
  const data = event.data;
  const git = data['gitIdentifier'] as { commitId?: string; repoName?: string } | undefined;
  const text =
    (data['identity'] as string | undefined) ??
    (data['name'] as string | undefined) ??
    (git === undefined ? undefined : `${git.repoName ?? ''} ${git.commitId?.slice(0, 12) ?? ''}`);
  const value = data['value'] as string | undefined;
  return [text, value].filter((part) => part !== undefined && part !== '').join(' = ');
}

function reportLinks(event: EventItem) {
  const type = event.meta.type;
  if (/SourceChange/.test(type)) {
    return (
      <Link view="change" params={{ id: event.meta.id }}>
        releases
      </Link>
    );
  }
  if (/Artifact|Composition|ConfidenceLevel/.test(type)) {
    return (
      <Link view="release" params={{ id: event.meta.id }}>
        contents
      </Link>
    );
  }
  return null;
}

const LIVE_SHOWN = 50;

/** Events arriving while the page is open, newest first (the last {@link LIVE_SHOWN}). */
function LiveList({ retry }: { retry: number }) {
  const [events, setEvents] = useState<readonly LiveEvent[]>([]);
  const [state, setState] = useState<'live' | 'off' | 'retrying' | 'connecting'>('connecting');
  const [dropped, setDropped] = useState(0);
  const [total, setTotal] = useState(0);
  useEffect(
    () =>
      listenLive({
        onEvent: (event) => {
          setEvents((shown) => [event, ...shown].slice(0, LIVE_SHOWN));
          setTotal((count) => count + 1);
        },
        onDropped: (count) => setDropped((sum) => sum + count),
        onState: setState,
      }),
    [retry],
  );
  if (state === 'off') return null;
  return (
    <section aria-labelledby="live-title" class="live">
      <h2 id="live-title">
        Arriving now{' '}
        <span class={`live-state live-${state}`} role="status">
          {state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
      </h2>
      {events.length === 0 ? (
        <p class="muted">New events appear here as they reach Tracey.</p>
      ) : (
        <>
          <p class="muted" data-testid="live-count">
            {total} new event{total === 1 ? '' : 's'} since this page opened
            {dropped > 0 ? `; ${dropped} more came too fast to show` : ''}
          </p>
          <table class="events" data-testid="live-events">
            <thead>
              <tr>
                <th scope="col">time (UTC)</th>
                <th scope="col">type</th>
                <th scope="col">id</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td class="nowrap">{formatTime(event.time)}</td>
                  <td>
                    <TypeBadge type={event.type} />
                  </td>
                  <td>
                    <EventLink id={event.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function FindView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const page = Number(params.get('page') ?? '1') || 1;
  const found = filters(params);
  const events = useApi<EventPageAnswer>('/events', { ...found, pageNo: page, pageSize: 25 }, retry);
  const missing = useApi<MissingLinksAnswer>('/missing-links', { limit: 10 }, retry);
  const asked = Object.keys(found).length > 0;
  // The first view is usable once its events are listed (bench:ui measures this mark).
  useEffect(() => {
    if (events.state === 'done' && performance.getEntriesByName('tracey:interactive').length === 0) {
      performance.mark('tracey:interactive');
    }
  }, [events.state]);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const id = values['id'] ?? '';
    if (id !== '') {
      navigate(href('graph', { id }));
      return;
    }
    delete values['id'];
    navigate(href('find', values));
  };

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">Find events</h1>
      <form class="filters" onSubmit={submit} role="search">
        <Field label="Event id" hint="opens its graph (Eiffel or CDEvents)">
          <input name="id" class="mono" placeholder="e.g. 6a1f…" />
        </Field>
        <Field label="Type">
          <select name="type" value={params.get('type') ?? ''}>
            <option value="">any</option>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {type.replace(/^Eiffel|Event$/g, '')}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From (UTC)">
          <input type="datetime-local" name="since" value={params.get('since') ?? ''} />
        </Field>
        <Field label="To (UTC)">
          <input type="datetime-local" name="until" value={params.get('until') ?? ''} />
        </Field>
        <Field label="Identity (purl prefix)">
          <input
            name="identity"
            class="mono"
            placeholder="pkg:maven/com.example/"
            value={params.get('identity') ?? ''}
          />
        </Field>
        <Field label="Commit id">
          <input name="commit" class="mono" value={params.get('commit') ?? ''} />
        </Field>
        <Field label="Name">
          <input name="name" value={params.get('name') ?? ''} />
        </Field>
        <div class="actions">
          <button type="submit">Search</button>
          <a href={href('find')} onClick={(event) => (event.preventDefault(), navigate(href('find')))}>
            Clear
          </a>
        </div>
      </form>

      {asked || page > 1 ? null : <LiveList retry={retry} />}

      <h2>{asked ? 'Events found' : 'Recent events'}</h2>
      <Answer loaded={events}>
        {(answer) => (
          <>
            <p class="muted" data-testid="found-count">
              {answer.totalNumberItems} event{answer.totalNumberItems === 1 ? '' : 's'}
              {answer.totalNumberItems > answer.items.length ? `, page ${answer.pageNo}` : ''} (Eiffel; a
              CDEvent opens by its id)
            </p>
            <table class="events">
              <thead>
                <tr>
                  <th scope="col">time (UTC)</th>
                  <th scope="col">type</th>
                  <th scope="col">what</th>
                  <th scope="col">id</th>
                  <th scope="col">report</th>
                </tr>
              </thead>
              <tbody>
                {answer.items.map((event) => (
                  <tr key={event.meta.id}>
                    <td class="nowrap">{formatTime(Number(event.meta.time))}</td>
                    <td>
                      <TypeBadge type={event.meta.type} />
                    </td>
                    <td class="mono">{describe(event)}</td>
                    <td>
                      <EventLink id={event.meta.id} />
                    </td>
                    <td>{reportLinks(event)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav class="pager" aria-label="pages">
              {page > 1 ? (
                <Link view="find" params={{ ...Object.fromEntries(params), page: page - 1 }}>
                  ← newer
                </Link>
              ) : null}
              {answer.pageNo * answer.pageSize < answer.totalNumberItems ? (
                <Link view="find" params={{ ...Object.fromEntries(params), page: page + 1 }}>
                  older →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </Answer>

      <h2>Link targets that never arrived</h2>
      <Answer loaded={missing}>
        {(answer) =>
          answer.items.length === 0 ? (
            <p class="muted">None: every event linked to is stored.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">missing id</th>
                  <th scope="col">waited</th>
                  <th scope="col">linked from</th>
                </tr>
              </thead>
              <tbody>
                {answer.items.map((item) => (
                  <tr key={item.id}>
                    <td class="mono">{item.id}</td>
                    <td>{formatDuration(item.ageMs)}</td>
                    <td>
                      {item.linkedFrom.map((from) => (
                        <div key={from.source}>
                          <EventLink id={from.source} /> ({from.linkType})
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Answer>
    </section>
  );
}
