import type { LeadTimeAnswer } from '@tracey/api/contract';
import { Answer, EventLink, Field, Link, TypeBadge } from '../components.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { formValues } from '../lib/dom.js';
import { href, navigate } from '../lib/router.js';
import { useApi } from '../lib/use-api.js';

// Lead time between two events: the total, and the path the API found with what each step took.

export function LeadTimeSteps({ answer }: { answer: LeadTimeAnswer }) {
  const steps = answer.path;
  return (
    <div data-testid="lead-time">
      <p class="figure">
        <span data-testid="lead-time-duration">{formatDuration(answer.milliseconds)}</span>{' '}
        <small class="muted">
          ({answer.milliseconds} ms, {answer.pathLength} link{answer.pathLength === 1 ? '' : 's'})
        </small>
      </p>
      {answer.clockSkew ? (
        <p class="warning" role="note">
          A later event has an earlier time than the one it links to: a producer's clock is off.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">step</th>
            <th scope="col">event</th>
            <th scope="col">time (UTC)</th>
            <th scope="col">link</th>
            <th scope="col">this step took</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step, index) => {
            const previous = steps[index - 1];
            return (
              <tr key={step.id}>
                <td>{index}</td>
                <td>
                  <TypeBadge type={step.type} /> <EventLink id={step.id} />
                </td>
                <td class="nowrap">{formatTime(step.time)}</td>
                <td>{step.linkType ?? ''}</td>
                <td>{previous === undefined ? '' : formatDuration(step.time - previous.time)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {answer.pathElided > 0 ? (
        <p class="muted">{answer.pathElided} steps in the middle of the path are left out.</p>
      ) : null}
    </div>
  );
}

/** The graph's smallest depth choice that holds a path of `length` links. */
function depthFor(length: number): string {
  return ['1', '2', '3', '5', '10', '25'].find((depth) => Number(depth) >= length) ?? 'unbounded';
}

export function LeadTimeView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const answer = useApi<LeadTimeAnswer>(from !== '' && to !== '' ? '/lead-time' : null, { from, to }, retry);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = formValues(event.currentTarget);
    navigate(href('lead-time', { from: form['from'], to: form['to'] }));
  };
  return (
    <section aria-labelledby="lead-time-title">
      <h1 id="lead-time-title">Lead time between two events</h1>
      <p class="muted">
        Paste two ids, or pick two events on the <Link view="graph">graph</Link>. "From" is the earlier
        (upstream) event.
      </p>
      <form class="filters" onSubmit={submit}>
        <Field label="From (earlier event)">
          <input name="from" class="mono" value={from} required />
        </Field>
        <Field label="To (later event)">
          <input name="to" class="mono" value={to} required />
        </Field>
        <div class="actions">
          <button type="submit">Measure</button>
        </div>
      </form>
      <Answer loaded={answer}>
        {(data) => (
          <>
            <LeadTimeSteps answer={data} />
            <p>
              <Link
                view="graph"
                params={{ id: to, dir: 'upstream', depth: depthFor(data.pathLength), from, to }}
              >
                Show the path on the graph
              </Link>
            </p>
          </>
        )}
      </Answer>
    </section>
  );
}
