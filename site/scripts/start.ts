// `npm start`: build the site from data/ into dist/ (policies, API, search index) and serve it at http://localhost:4321.
import { buildSite } from './build-site.ts';
import { serveStatic } from './serve.ts';

const repo = new URL('../../', import.meta.url).pathname;
const port = Number(process.env.PORT ?? 4321);
const stats = await buildSite({ dataDir: process.env.ATLAS_DATA_DIR ?? `${repo}data`, outDir: process.env.ATLAS_OUT_DIR ?? `${repo}dist` });
process.stderr.write(`built ${stats.pages} pages in ${stats.totalMs} ms\n`);
const server = await serveStatic(process.env.ATLAS_OUT_DIR ?? `${repo}dist`, { port, host: 'localhost' });
process.stdout.write(`MCP Atlas at ${server.url}/\n`);
