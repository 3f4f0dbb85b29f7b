// `npm run reclassify [-- DATA_DIR]`: re-run the classifier over data/servers/*.json without rescanning.
import { reclassifyDataDir } from './reclassify.ts';

const dataDir = process.argv[2] ?? 'data';
const summary = await reclassifyDataDir(dataDir);
process.stderr.write(
  `reclassify: ${summary.records} records, ${summary.changed} changed, ${summary.unreadable} unreadable; ` +
    `${summary.catalogue.totals.tools} tools in ${summary.catalogue.totals.okServers} ok servers\n`,
);
