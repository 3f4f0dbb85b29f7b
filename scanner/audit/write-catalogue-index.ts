// `npm run catalogue:index`: writes data/catalogue-index.json, the compact catalogue (package, version, tool hashes and
// verdicts) that `mcp-atlas audit` answers known servers from. Run at `npm pack`, so the installed package has it
// without shipping data/servers.
import { writeFileSync } from 'node:fs';
import { RecordStore } from '../crawl/record-store.ts';
import { buildCatalogueIndex } from './catalogue-index.ts';
import { DATA_DIR, INDEX_FILE } from './load-catalogue-index.ts';

const { records } = await new RecordStore(DATA_DIR).readAll();
const index = buildCatalogueIndex([...records.values()]);
const text = `${JSON.stringify(index)}\n`;
writeFileSync(INDEX_FILE, text);
process.stderr.write(`wrote ${INDEX_FILE}: ${records.size} records, ${Math.round(text.length / 1024)} KiB\n`);
