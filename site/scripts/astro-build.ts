// One Astro build process (spawned by render-pages.ts). Reads ATLAS_DATA_DIR, ATLAS_OUT_DIR, ATLAS_SITE_URL,
// ATLAS_SHARD and ATLAS_SEARCH_ENGINE from the environment.
import { build } from 'astro';
import { SITE_ROOT } from './site-root.ts';

await build({ root: SITE_ROOT, outDir: process.env.ATLAS_OUT_DIR, site: process.env.ATLAS_SITE_URL, logLevel: 'warn' });
