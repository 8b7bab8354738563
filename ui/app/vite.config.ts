import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The UI is served by the query API under /ui/ (UI_PATH of ui/src/index.ts); everything it needs
// is bundled: nothing is fetched from the internet at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
});
