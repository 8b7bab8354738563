import type {
  DoraAnswer,
  DoraDeploymentsAnswer,
  DoraIncidentsAnswer,
  DoraKeysAnswer,
} from '@tracey/api/contract';
import { useMemo } from 'preact/hooks';
import { Answer, EventLink, Field, Link } from '../components.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { formValues } from '../lib/dom.js';
import { href, navigate } from '../lib/router.js';
import { useApi } from '../lib/use-api.js';
import { TrendChart } from './trend-chart.js';

// The DORA dashboard: the five keys for a service, environment or team, their tiers, the trend
// per period, and a drill-down from a figure to the deployments and incidents behind it.

type Tier = DoraKeysAnswer['leadTime']['tier2023'];

function TierBadge({ tier }: { tier: Tier }) {
  if (tier === null) return <span class="tier tier-none">no tier</span>;
  return <span class={`tier tier-${tier}`}>{tier}</span>;
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

function KeyCard(props: {
  name: string;
  figure: string;
  detail: string;
  tier?: Tier;
  drill: 'deployments' | 'incidents';
  params: URLSearchParams;
}) {
  return (
    <article class="key-card" data-key={props.name}>
      <h2>{props.name}</h2>
      <p class="figure" data-testid={`figure-${props.name}`}>
        {props.figure}
      </p>
      <p class="muted">{props.detail}</p>
      {props.tier === undefined ? null : <TierBadge tier={props.tier} />}
      <p>
        <Link view="dora" params={{ ...Object.fromEntries(props.params), drill: props.drill }}>
          See the {props.drill}
        </Link>
      </p>
    </article>
  );
}

function Keys({ keys, params }: { keys: DoraKeysAnswer; params: URLSearchParams }) {
  const frequency = keys.deploymentFrequency;
  return (
    <div class="key-cards">
      <KeyCard
        name="Deployment frequency"
        figure={`${frequency.value.toFixed(2)} days/week`}
        detail={`${frequency.successful} successful of ${frequency.deployments} deployments in ${frequency.days} days (${frequency.perDay.toFixed(2)}/day)`}
        tier={frequency.tier2023}
        drill="deployments"
        params={params}
      />
      <KeyCard
        name="Lead time for changes"
        figure={formatDuration(keys.leadTime.value)}
        detail={`median of ${keys.leadTime.sample} changes; p90 ${formatDuration(keys.leadTime.p90Ms)}`}
        tier={keys.leadTime.tier2023}
        drill="deployments"
        params={params}
      />
      <KeyCard
        name="Change failure rate"
        figure={percent(keys.changeFailureRate.value)}
        detail={`${keys.changeFailureRate.failed} of ${keys.changeFailureRate.deployments} deployments failed`}
        tier={keys.changeFailureRate.tier2023}
        drill="deployments"
        params={params}
      />
      <KeyCard
        name="Failed deployment recovery time"
        figure={formatDuration(keys.recoveryTime.value)}
        detail={`median of ${keys.recoveryTime.sample} incidents; from the deployment ${formatDuration(keys.recoveryTime.fromDeployment.medianMs)}`}
        tier={keys.recoveryTime.tier2023}
        drill="incidents"
        params={params}
      />
      <KeyCard
        name="Rework rate"
        figure={percent(keys.reworkRate.value)}
        detail={`${keys.reworkRate.rework} of ${keys.reworkRate.deployments} deployments were unplanned`}
        drill="deployments"
        params={params}
      />
    </div>
  );
}

function Trends({ answer }: { answer: DoraAnswer }) {
  const charts = useMemo(() => {
    const periods = answer.groups.map((group) => Date.parse(`${group.period}T00:00:00Z`));
    const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
    return {
      periods,
      deployments: [
        {
          label: 'successful deployments',
          colour: '#15803d',
          values: answer.groups.map((group) => group.keys.deploymentFrequency.successful),
          format: (value: number) => String(Math.round(value)),
        },
      ],
      leadTime: [
        {
          label: 'lead time, median',
          colour: '#1d4ed8',
          values: answer.groups.map((group) => group.keys.leadTime.value),
          format: hours,
        },
      ],
      failures: [
        {
          label: 'change failure rate',
          colour: '#b91c1c',
          values: answer.groups.map((group) => group.keys.changeFailureRate.value),
          format: (value: number) => `${Math.round(value * 100)} %`,
        },
      ],
    };
  }, [answer]);
  if (answer.groups.length === 0) return null;
  return (
    <section class="trends" aria-label="trends">
      <TrendChart title="Deployments" periods={charts.periods} series={charts.deployments} />
      <TrendChart title="Lead time for changes" periods={charts.periods} series={charts.leadTime} />
      <TrendChart title="Change failure rate" periods={charts.periods} series={charts.failures} />
    </section>
  );
}

function Deployments({ query, retry }: { query: Record<string, string>; retry: number }) {
  const answer = useApi<DoraDeploymentsAnswer>('/dora/deployments', query, retry);
  return (
    <Answer loaded={answer}>
      {(data) => (
        <table data-testid="dora-deployments">
          <caption>{data.deployments.length} deployments</caption>
          <thead>
            <tr>
              <th scope="col">time (UTC)</th>
              <th scope="col">service</th>
              <th scope="col">environment</th>
              <th scope="col">outcome</th>
              <th scope="col">changes (lead time)</th>
              <th scope="col">incidents</th>
              <th scope="col">event</th>
            </tr>
          </thead>
          <tbody>
            {data.deployments.map((deployment) => (
              <tr key={deployment.id} class={deployment.failed ? 'failed-row' : undefined}>
                <td class="nowrap">{formatTime(deployment.time)}</td>
                <td>{deployment.service}</td>
                <td>{deployment.environment}</td>
                <td>
                  {deployment.outcome}
                  {deployment.failed ? ' (failed)' : ''}
                  {deployment.rollback ? ', rollback' : ''}
                </td>
                <td>
                  {deployment.changes.map((change) => (
                    <div key={change.id}>
                      <Link view="change" params={{ id: change.eventIds[0] ?? change.id }} class="mono">
                        {change.id.slice(0, 40)}
                      </Link>{' '}
                      ({formatDuration(change.leadTimeMs)})
                    </div>
                  ))}
                </td>
                <td>{deployment.incidents.length}</td>
                <td>
                  <EventLink id={deployment.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Answer>
  );
}

function Incidents({ query, retry }: { query: Record<string, string>; retry: number }) {
  const answer = useApi<DoraIncidentsAnswer>('/dora/incidents', query, retry);
  return (
    <Answer loaded={answer}>
      {(data) => (
        <table data-testid="dora-incidents">
          <caption>{data.incidents.length} incidents</caption>
          <thead>
            <tr>
              <th scope="col">detected (UTC)</th>
              <th scope="col">service</th>
              <th scope="col">recovered in</th>
              <th scope="col">caused by</th>
              <th scope="col">how we know</th>
            </tr>
          </thead>
          <tbody>
            {data.incidents.map((incident) => (
              <tr key={incident.id}>
                <td class="nowrap">{formatTime(incident.detectedAt)}</td>
                <td>{incident.service ?? '—'}</td>
                <td>{incident.resolvedAt === null ? 'open' : formatDuration(incident.recoveryMs)}</td>
                <td>
                  {incident.cause.deploymentId === null ? (
                    '—'
                  ) : (
                    <EventLink id={incident.cause.deploymentId} />
                  )}
                </td>
                <td>{incident.cause.method}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Answer>
  );
}

const FIELDS = ['service', 'environment', 'team', 'since', 'until'] as const;

export function DoraView({ params, retry }: { params: URLSearchParams; retry: number }) {
  const query: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = params.get(name);
    if (value !== null && value !== '')
      query[name] = /^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value;
  }
  const groupBy = params.get('groupBy') ?? 'week';
  const answer = useApi<DoraAnswer>('/dora', { ...query, groupBy }, retry);
  const drill = params.get('drill');
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(href('dora', formValues(event.currentTarget)));
  };
  return (
    <section aria-labelledby="dora-title">
      <h1 id="dora-title">DORA keys</h1>
      <form class="filters" onSubmit={submit}>
        <Field label="Service">
          <input name="service" value={params.get('service') ?? ''} placeholder="all" />
        </Field>
        <Field label="Environment">
          <input name="environment" value={params.get('environment') ?? ''} placeholder="production" />
        </Field>
        <Field label="Team">
          <input name="team" value={params.get('team') ?? ''} placeholder="any" />
        </Field>
        <Field label="Since (UTC day)">
          <input type="date" name="since" value={params.get('since') ?? ''} />
        </Field>
        <Field label="Until (UTC day)">
          <input type="date" name="until" value={params.get('until') ?? ''} />
        </Field>
        <Field label="Trend per">
          <select name="groupBy" value={groupBy}>
            {['day', 'week', 'month'].map((period) => (
              <option key={period} value={period}>
                {period}
              </option>
            ))}
          </select>
        </Field>
        <div class="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      <Answer loaded={answer}>
        {(data) => (
          <>
            <p class="muted">
              {data.since.slice(0, 10)} to {data.until.slice(0, 10)},{' '}
              {data.environment ?? 'production environments'},{' '}
              {data.services === null ? 'every service' : data.services.join(', ')}. Tiers: DORA 2023.
            </p>
            <Keys keys={data.keys} params={params} />
            <Trends answer={data} />
          </>
        )}
      </Answer>
      {drill === 'deployments' ? (
        <section aria-label="deployments behind the figures">
          <h2>Deployments</h2>
          <Deployments query={query} retry={retry} />
        </section>
      ) : null}
      {drill === 'incidents' ? (
        <section aria-label="incidents behind the figures">
          <h2>Incidents</h2>
          <Incidents query={query} retry={retry} />
        </section>
      ) : null}
    </section>
  );
}
