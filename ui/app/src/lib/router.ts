import { useEffect, useState } from 'preact/hooks';

// Every view has a URL (/ui/<view>?<its parameters>): shareable, and the back button works.

export const BASE = import.meta.env.BASE_URL; // '/ui/'

export type ViewName = 'find' | 'graph' | 'lead-time' | 'release' | 'change' | 'dora';
const VIEWS: readonly ViewName[] = ['find', 'graph', 'lead-time', 'release', 'change', 'dora'];

export interface Route {
  readonly view: ViewName | 'not-found';
  readonly params: URLSearchParams;
}

function currentRoute(): Route {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  const name = path.replace(/\/$/, '') || 'find';
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'not-found';
  return { view, params: new URLSearchParams(location.search) };
}

/** The URL of a view with its parameters (empty ones left out). */
export function href(
  view: ViewName,
  params: Record<string, string | number | undefined | null> = {},
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return `${BASE}${view === 'find' ? '' : view}${text === '' ? '' : `?${text}`}`;
}

const listeners = new Set<() => void>();

/** Goes to a URL of the app without a reload (a new history entry, or the same one replaced). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

/** The route now; re-renders on navigation and on back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** A link inside the app: navigates without a reload, opens a new tab with a modifier key. */
export function onLinkClick(event: MouseEvent): void {
  const link = (event.currentTarget as HTMLAnchorElement | null) ?? null;
  if (link === null || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href') ?? BASE);
}
