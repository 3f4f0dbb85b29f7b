// Child process of build-site.ts: `node prepare-entry.ts DATA_DIR STAGE_DIR SITE_URL SEARCH`. Prints JSON lines on
// stdout: {"validated":{"servers","tools"}} once the catalogue is valid (the parent then starts Astro), then
// {"done":PreparedData}; or {"error":{"code","message"}} for invalid data (exit 3).
import { SiteError } from '../src/lib/errors.ts';
import { prepareData, type SearchEngineChoice, validateData } from './prepare-data.ts';

const [dataDir, stageDir, siteUrl, search] = process.argv.slice(2);
try {
  const catalogue = validateData(dataDir!);
  process.stdout.write(`${JSON.stringify({ validated: { servers: catalogue.servers.length, tools: catalogue.tools.length } })}\n`);
  const prepared = await prepareData(catalogue, stageDir!, siteUrl!, (search ?? 'pagefind') as SearchEngineChoice);
  process.stdout.write(`${JSON.stringify({ done: prepared })}\n`);
} catch (error) {
  if (!(error instanceof SiteError)) throw error;
  process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
  process.exitCode = 3;
}
