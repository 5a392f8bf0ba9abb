// The console's build: apps/console → dist/console, served by the API under /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // Vite 8 transforms TSX itself (oxc); React's automatic runtime needs no import of React.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // No inline script or style: the page's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // One bundle (React and the pages), served from the API's own host
    // and cached for good under its hash: splitting it would save nothing worth a warning per build.
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
