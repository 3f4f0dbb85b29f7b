// Child process of build-site.ts: `node prepare-entry.ts DATA_DIR STAGE_DIR SEARCH`. Prints one JSON line:
// the PreparedData, or {"error":{"code","message"}} for invalid data (exit 3).
import { SiteError } from '../src/lib/errors.ts';
import { prepareData, type SearchEngineChoice } from './prepare-data.ts';

const [dataDir, stageDir, search] = process.argv.slice(2);
try {
  const prepared = await prepareData(dataDir!, stageDir!, (search ?? 'auto') as SearchEngineChoice);
  process.stdout.write(`${JSON.stringify(prepared)}\n`);
} catch (error) {
  if (!(error instanceof SiteError)) throw error;
  process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
  process.exitCode = 3;
}
