import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The web UI's side for Node: where its built assets are, for the query API to serve under /ui.
// The app itself (ui/app/) is built by Vite (`npm run build`) into dist/app.

// This module runs from dist/node/ (built) or src/ (tests, from source): the package root is two
// or one levels up.
const here = fileURLToPath(new URL('.', import.meta.url));
const packageRoot = here.endsWith('/dist/node/') ? `${here}../../` : `${here}../`;

/** Directory of the built UI: index.html and its hashed assets. */
export const UI_ASSETS_DIR = fileURLToPath(new URL('dist/app/', `file://${packageRoot}`));

/** The path the UI is served under, and the base its assets were built for. */
export const UI_PATH = '/ui/';

/** Whether the UI has been built (`npm run build`), so there is something to serve. */
export function uiAssetsBuilt(dir: string = UI_ASSETS_DIR): boolean {
  return existsSync(`${dir}index.html`);
}
