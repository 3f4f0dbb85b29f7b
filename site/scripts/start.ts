// `npm start`: build the site from data/ into dist/ (policies, APIs, search index) as a local preview and serve it at
// http://localhost:4321. For a site to publish, use `npm run build -- --site-url URL`.
import { buildSite } from './build-site.ts';
import { serveStatic } from './serve.ts';

const repo = new URL('../../', import.meta.url).pathname;
const port = Number(process.env.PORT ?? 4321);
const outDir = process.env.ATLAS_OUT_DIR ?? `${repo}dist`;
const stats = await buildSite({ dataDir: process.env.ATLAS_DATA_DIR ?? `${repo}data`, outDir });
process.stderr.write(`built ${stats.pages} pages in ${stats.totalMs} ms\n`);
const server = await serveStatic(outDir, { port, host: 'localhost' });
process.stdout.write(`MCP Atlas at ${server.url}/\n`);
