import { useEffect, useState } from 'preact/hooks';
import { Link } from './components.js';
import { onTokenNeeded, sessionToken, setSessionToken } from './lib/api.js';
import { formValues } from './lib/dom.js';
import { useRoute, type ViewName } from './lib/router.js';
import { DoraView } from './views/dora-view.js';
import { FindView } from './views/find-view.js';
import { GraphView } from './views/graph-view.js';
import { LeadTimeView } from './views/lead-time-view.js';
import { ChangeView, ReleaseView } from './views/report-views.js';

const NAV: readonly [ViewName, string][] = [
  ['find', 'Find'],
  ['graph', 'Graph'],
  ['lead-time', 'Lead time'],
  ['release', 'Release contents'],
  ['change', 'Change releases'],
  ['dora', 'DORA'],
];

/** Asks for the API token once; it is kept for this tab's session only (sessionStorage). */
function TokenDialog(props: { onDone: () => void }) {
  return (
    <div class="dialog-backdrop">
      <form
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="token-title"
        onSubmit={(event) => {
          event.preventDefault();
          setSessionToken(formValues(event.currentTarget)['token'] ?? '');
          props.onDone();
        }}
      >
        <h2 id="token-title">This Tracey needs a token to read</h2>
        <p>
          Give an API token with the <code>read</code> scope. It is kept in this tab until you close it, and
          sent only to this server.
        </p>
        <label class="field">
          <span>Token</span>
          <input name="token" type="password" autoComplete="off" required autoFocus />
        </label>
        <div class="actions">
          <button type="submit">Use it</button>
        </div>
      </form>
    </div>
  );
}

export function App() {
  const route = useRoute();
  const [asking, setAsking] = useState(false);
  const [retry, setRetry] = useState(0);
  useEffect(() => onTokenNeeded(() => setAsking(true)), []);
  useEffect(() => {
    const name = NAV.find(([view]) => view === route.view)?.[1] ?? 'Not found';
    document.title = `${name} · Tracey`;
  }, [route.view]);

  const props = { params: route.params, retry };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to the content
      </a>
      <header class="top no-print">
        <span class="brand">Tracey</span>
        <nav aria-label="views">
          {NAV.map(([view, label]) => (
            <Link
              key={view}
              view={view}
              class={view === route.view ? 'current' : undefined}
              current={view === route.view}
            >
              {label}
            </Link>
          ))}
        </nav>
        {sessionToken() === null ? null : (
          <button type="button" class="small" onClick={() => (setSessionToken(null), setRetry((n) => n + 1))}>
            Forget the token
          </button>
        )}
      </header>
      <main id="main">
        {route.view === 'find' ? <FindView {...props} /> : null}
        {route.view === 'graph' ? <GraphView {...props} /> : null}
        {route.view === 'lead-time' ? <LeadTimeView {...props} /> : null}
        {route.view === 'release' ? <ReleaseView {...props} /> : null}
        {route.view === 'change' ? <ChangeView {...props} /> : null}
        {route.view === 'dora' ? <DoraView {...props} /> : null}
        {route.view === 'not-found' ? (
          <section>
            <h1>No such page</h1>
            <p>
              <Link view="find">Find events</Link>
            </p>
          </section>
        ) : null}
      </main>
      {asking ? (
        <TokenDialog
          onDone={() => {
            setAsking(false);
            setRetry((n) => n + 1);
          }}
        />
      ) : null}
    </>
  );
}
