// `npm run build -- --site-url URL [--data-dir DIR --out-dir DIR --search pagefind|none --shards N]`: builds the
// static site for the URL it will be served at. Defaults: ATLAS_SITE_URL, ATLAS_DATA_DIR or data/, ATLAS_OUT_DIR or
// dist/. Without a site URL the build is a local preview (noindex, banner) and says so. Prints the build stats as JSON.
import { parseArgs } from 'node:util';
import { SiteError } from '../src/lib/errors.ts';
import { buildSite, type SearchEngineChoice } from './build-site.ts';

const HELP = `Usage: npm run build -- --site-url URL [options]

Options:
  --site-url URL   public origin the site is served at, e.g. https://atlas.example (or $ATLAS_SITE_URL): canonical
                   links, sitemap, robots.txt, Open Graph and registry links. Required for a site to publish; without
                   it the build is a local preview marked noindex
  --data-dir DIR   catalogue folder with servers/*.json (default: $ATLAS_DATA_DIR or data/)
  --out-dir DIR    output folder, emptied first (default: $ATLAS_OUT_DIR or dist/)
  --shards N       parallel Astro processes (default: 2 on 2+ cores past 5,000 tools, else 1)
  --search KIND    pagefind (default) or none
  -h, --help       show this help

Exit codes: 0 built, 2 usage, 3 invalid data (the message names the file and the field).
`;

function usage(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

function parseSearch(value: string): SearchEngineChoice {
  if (value === 'pagefind' || value === 'none') return value;
  usage(`--search must be pagefind or none (got ${JSON.stringify(value)})`);
}

function parseShards(value: string): number {
  const shards = Number(value);
  if (Number.isInteger(shards) && shards >= 1 && shards <= 16) return shards;
  usage(`--shards must be an integer from 1 to 16 (got ${JSON.stringify(value)})`);
}

function parseSiteUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    usage(`--site-url must be an absolute http(s) URL (got ${JSON.stringify(value)})`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '')
    usage(`--site-url must be an http(s) origin without query or fragment (got ${JSON.stringify(value)})`);
  return url.href.replace(/\/+$/, '');
}

const repo = new URL('../../', import.meta.url).pathname;
let values: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'out-dir': { type: 'string' },
      'site-url': { type: 'string' },
      search: { type: 'string' },
      shards: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
try {
  values = parse();
} catch (error) {
  usage((error as Error).message);
}
if (values.help) {
  process.stdout.write(HELP);
} else {
  const siteUrl = parseSiteUrl(values['site-url'] ?? process.env.ATLAS_SITE_URL);
  if (siteUrl === undefined)
    process.stderr.write(
      'build: no site URL given (--site-url URL or ATLAS_SITE_URL): building a LOCAL preview for http://localhost:4321 — pages are marked noindex, carry a "local build" banner, and robots.txt disallows everything. Pass the URL the site will be served at to build it for publishing.\n',
    );
  try {
    const stats = await buildSite({
      dataDir: values['data-dir'] ?? process.env.ATLAS_DATA_DIR ?? `${repo}data`,
      outDir: values['out-dir'] ?? process.env.ATLAS_OUT_DIR ?? `${repo}dist`,
      siteUrl,
      shards: values.shards === undefined ? undefined : parseShards(values.shards),
      search: parseSearch(values.search ?? process.env.ATLAS_SEARCH ?? 'pagefind'),
    });
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  } catch (error) {
    if (error instanceof SiteError) {
      process.stderr.write(`build failed (${error.code}): ${error.message}\n`);
      process.exitCode = 3;
    } else {
      throw error;
    }
  }
}
