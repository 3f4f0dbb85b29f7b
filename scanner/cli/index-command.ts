import { parseArgs } from 'node:util';
import { DEFAULT_INDEX, loadRecords, meiliDocuments, pushToMeili, SearchIndexError } from '../search-index/index.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

const HELP = `Usage: mcp-atlas index --meili-host URL [--meili-key KEY] [options]

Pushes every server and tool of the catalogue to a Meilisearch index (created if missing; settings applied; old
documents replaced; every task awaited). Build the site with PUBLIC_MEILI_HOST and PUBLIC_MEILI_SEARCH_KEY (a
search-only key) to make its search box query this index.

Options:
  --meili-host URL   Meilisearch URL, e.g. http://127.0.0.1:7700 (required)
  --meili-key KEY    admin key (default: $MEILI_MASTER_KEY or $MEILI_KEY; none for an unsecured instance)
  --index NAME       index uid (default: ${DEFAULT_INDEX})
  --data-dir DIR     catalogue folder with servers/*.json (default: data)
  --batch-size N     documents per task (default: 5000)
  --json             print the result as JSON
  -h, --help         show this help

Exit codes: 0 done, 2 usage, 3 invalid data, 15 Meilisearch unreachable, 14 key refused, 16 Meilisearch error.
`;

/** `mcp-atlas index`: push the catalogue to Meilisearch. */
export async function run(argv: string[]): Promise<ExitCode> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    process.stderr.write(`mcp-atlas index: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  const host = values['meili-host'];
  if (host === undefined || !/^https?:\/\//.test(host)) {
    process.stderr.write(`mcp-atlas index: --meili-host must be an http(s) URL\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  const batchSize = Number(values['batch-size'] ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    process.stderr.write('mcp-atlas index: --batch-size must be a positive integer\n');
    return EXIT_CODES.USAGE;
  }
  try {
    const records = await loadRecords(values['data-dir'] ?? 'data');
    const documents = meiliDocuments(records);
    process.stderr.write(`index: ${records.length} servers, ${documents.length} documents -> ${host} (${values.index ?? DEFAULT_INDEX})\n`);
    const result = await pushToMeili({
      host,
      apiKey: values['meili-key'] ?? process.env.MEILI_MASTER_KEY ?? process.env.MEILI_KEY,
      index: values.index ?? DEFAULT_INDEX,
      documents,
      batchSize,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `indexed ${result.documents} documents in ${result.tasks} tasks\n`);
    return EXIT_CODES.OK;
  } catch (error) {
    if (!(error instanceof SearchIndexError)) throw error;
    process.stderr.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    const codes: Record<SearchIndexError['code'], ExitCode> = {
      DATA_INVALID: EXIT_CODES.INVALID_INPUT,
      MEILI_UNREACHABLE: EXIT_CODES.CONNECTION_REFUSED,
      MEILI_AUTH: EXIT_CODES.AUTH_REQUIRED,
      MEILI_FAILED: EXIT_CODES.HTTP_ERROR,
    };
    return codes[error.code];
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      'meili-host': { type: 'string' },
      'meili-key': { type: 'string' },
      index: { type: 'string' },
      'data-dir': { type: 'string' },
      'batch-size': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}
