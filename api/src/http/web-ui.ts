import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UI_PATH, uiAssetsBuilt } from '@tracey/ui';

// The web UI (package ui/, built by Vite) served under /ui/: its files, and index.html for every
// other path below /ui/ so each view's URL can be opened, shared and reloaded. The assets hold no
// data (the UI asks the API, with the token the user gives), so they are public.

// Everything the page loads is its own: scripts, styles, the layout worker. Inline styles are the
// canvas libraries' (cytoscape, uPlot); no inline script.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function registerWebUi(app: FastifyInstance, dir: string): void {
  if (!uiAssetsBuilt(dir)) {
    app.get(UI_PATH, { schema: { hide: true } }, (_request, reply) =>
      reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send(
          'The web UI is not built: run `npm run build` (it builds ui/ with Vite), then restart the API.\n',
        ),
    );
    return;
  }
  app.register(fastifyStatic, {
    root: dir,
    prefix: UI_PATH,
    wildcard: false,
    index: false,
    schemaHide: true,
    setHeaders: (reply, path) => {
      // Hashed file names never change content; index.html always asks again.
      reply.header(
        'cache-control',
        /\/assets\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      reply.header('x-content-type-options', 'nosniff');
    },
  });
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    // A missing asset is a 404, not the page (a stale tab asking for an old build's file).
    if (request.url.startsWith(`${UI_PATH}assets/`)) return reply.callNotFound();
    return reply
      .header('content-security-policy', CSP)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .sendFile('index.html', dir);
  };
  app.get('/ui', { schema: { hide: true } }, (_request, reply) => reply.redirect(UI_PATH, 301));
  app.get(UI_PATH, { schema: { hide: true } }, page);
  app.get(`${UI_PATH}*`, { schema: { hide: true } }, page);
}
