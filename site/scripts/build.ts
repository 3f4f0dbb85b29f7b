// `npm run build [-- --data-dir DIR --out-dir DIR --site-url URL --no-search]`: builds the static site.
// Defaults: ATLAS_DATA_DIR or data/, ATLAS_OUT_DIR or dist/. Prints the build stats as JSON on stdout.
import { parseArgs } from 'node:util';
import { SiteError } from '../src/lib/errors.ts';
import { buildSite, type SearchEngineChoice } from './build-site.ts';

const HELP = `Usage: npm run build -- [options]

Options:
  --data-dir DIR   catalogue folder with servers/*.json (default: $ATLAS_DATA_DIR or data/)
  --out-dir DIR    output folder, emptied first (default: $ATLAS_OUT_DIR or dist/)
  --site-url URL   public origin for the sitemap and canonical links (default: $ATLAS_SITE_URL or http://localhost:4321)
  --shards N       parallel Astro processes (default: 2 on 2+ cores past 5,000 tools, else 1)
  --search KIND    auto (default), pagefind, atlas (sharded static index for huge catalogues) or none
  -h, --help       show this help
`;

function parseSearch(value: string): SearchEngineChoice {
  if (value === 'auto' || value === 'pagefind' || value === 'atlas' || value === 'none') return value;
  process.stderr.write(`--search must be auto, pagefind, atlas or none (got ${JSON.stringify(value)})\n`);
  process.exit(2);
}

function parseShards(value: string): number {
  const shards = Number(value);
  if (Number.isInteger(shards) && shards >= 1 && shards <= 16) return shards;
  process.stderr.write(`--shards must be an integer from 1 to 16 (got ${JSON.stringify(value)})\n`);
  process.exit(2);
}

const repo = new URL('../../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'out-dir': { type: 'string' },
    'site-url': { type: 'string' },
    search: { type: 'string' },
    shards: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(HELP);
} else {
  try {
    const stats = await buildSite({
      dataDir: values['data-dir'] ?? process.env.ATLAS_DATA_DIR ?? `${repo}data`,
      outDir: values['out-dir'] ?? process.env.ATLAS_OUT_DIR ?? `${repo}dist`,
      siteUrl: values['site-url'] ?? process.env.ATLAS_SITE_URL,
      shards: values.shards === undefined ? undefined : parseShards(values.shards),
      search: parseSearch(values.search ?? process.env.ATLAS_SEARCH ?? 'auto'),
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
