// Astro config of the catalogue site. Data and output folders come from the build script (site/scripts/build-site.ts)
// through ATLAS_DATA_DIR / ATLAS_OUT_DIR, so tests and the benchmark can build any catalogue anywhere.
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: process.env.ATLAS_SITE_URL || 'http://localhost:4321',
  outDir: process.env.ATLAS_OUT_DIR || '../dist',
  output: 'static',
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // Pages are rendered concurrently: at catalogue scale (tens of thousands of tool pages) this halves the build.
    concurrency: 8,
    // One cached stylesheet instead of CSS inlined into every page (smaller pages, strict CSP).
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
  vite: {
    // Never inline scripts or assets: the Content-Security-Policy allows scripts from 'self' only.
    build: { assetsInlineLimit: 0 },
    logLevel: 'warn',
  },
});
