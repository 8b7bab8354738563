/** What `GET /` of a Tracey HTTP service answers: where its pages and endpoints are. */
export interface ServiceIndex {
  /** The service's name, e.g. `tracey-api`. */
  readonly service: string;
  /** Named pages of the service: `docs`, `openapi`, `health`, `ready`, `metrics`, … */
  readonly links: Readonly<Record<string, string>>;
  /** Every route, as `METHOD /path`, in the order they were registered. */
  readonly routes: readonly string[];
}

/**
 * The index of a service's URLs, filled as its routes are registered (fastify's `onRoute` hook
 * calls {@link RouteIndex.add}), so it lists what the service really answers. Leaves out `/`,
 * `HEAD` (every `GET` has one) and what lies under a link (the Swagger UI's assets under `/docs/`).
 */
export class RouteIndex {
  readonly #routes = new Set<string>();

  constructor(
    private readonly service: string,
    private readonly links: Readonly<Record<string, string>>,
  ) {}

  /** Records a registered route. */
  add(method: string | readonly string[], url: string): void {
    // A link's own pages (`/docs/…`, the UI's `/ui/…` and `/ui`) are not routes to call.
    const under = (link: string) => {
      const page = link.replace(/\/$/, '');
      return url === page || url.startsWith(`${page}/`);
    };
    if (
      url === '/' ||
      Object.values(this.links).some((link) => link !== '/' && link.endsWith('/') && under(link))
    )
      return;
    if (Object.values(this.links).some((link) => url.startsWith(`${link}/`))) return;
    for (const one of typeof method === 'string' ? [method] : method) {
      if (one !== 'HEAD') this.#routes.add(`${one} ${url}`);
    }
  }

  /** The answer of `GET /`. */
  toJSON(): ServiceIndex {
    return { service: this.service, links: this.links, routes: [...this.#routes] };
  }
}
