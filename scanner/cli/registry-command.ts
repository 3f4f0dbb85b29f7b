import { parseArgs } from 'node:util';
import { loadRecords, SearchIndexError } from '../search-index/index.ts';
import { startRegistryServer } from '../serve/registry-http.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

const HELP = `Usage: mcp-atlas registry [--data DIR] [--port N] [--host ADDR] [--site-url URL]

Serves the catalogue as an MCP registry over HTTP: the official registry's read API, so other registries and
clients can sync from it, each entry carrying its security-scan receipt under _meta["io.github.mcp-atlas/scan"].

  GET /v0.1/servers?cursor=&limit=&search=&updated_since=&version=
  GET /v0.1/servers/<url-encoded name>/versions
  GET /v0.1/servers/<url-encoded name>/versions/<version|latest>
  GET /api/policies/<slug>.policylayer.json | .intercept.yaml | .claude.json | .codex.toml

Options:
  --data DIR       catalogue folder with servers/*.json (default: data)
  --port N         port to listen on (default: 8080; 0 picks a free one)
  --host ADDR      interface (default: 127.0.0.1, loopback only)
  --site-url URL   public origin of the catalogue site, for the receipts' links (default: this server)
  -h, --help       show this help

Prints the base URL on stdout and serves until interrupted (SIGINT or SIGTERM), then exits 0.
Exit codes: 0 stopped, 2 usage, 3 invalid data, 1 could not listen.
`;

/** `mcp-atlas registry`: serve the catalogue as a registry until a signal arrives. */
export async function run(argv: string[]): Promise<ExitCode> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    process.stderr.write(`mcp-atlas registry: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`mcp-atlas registry: --port must be an integer from 0 to 65535, got \`${values.port}\`\n`);
    return EXIT_CODES.USAGE;
  }
  if (values['site-url'] !== undefined && !/^https?:\/\/[^\s/]+/.test(values['site-url'])) {
    process.stderr.write('mcp-atlas registry: --site-url must be an http(s) URL\n');
    return EXIT_CODES.USAGE;
  }
  const dataDir = values.data ?? values['data-dir'] ?? 'data';
  let records: Awaited<ReturnType<typeof loadRecords>>;
  try {
    records = await loadRecords(dataDir);
  } catch (error) {
    if (!(error instanceof SearchIndexError)) throw error;
    process.stderr.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    return EXIT_CODES.INVALID_INPUT;
  }
  let registry: Awaited<ReturnType<typeof startRegistryServer>>;
  try {
    registry = await startRegistryServer(records, { host: values.host ?? '127.0.0.1', port, siteUrl: values['site-url'] });
  } catch (error) {
    process.stderr.write(`mcp-atlas registry: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${(error as Error).message}\n`);
    return EXIT_CODES.INTERNAL_ERROR;
  }
  process.stderr.write(`registry: ${records.length} servers from ${dataDir}\n`);
  process.stdout.write(`${registry.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await registry.close();
  return EXIT_CODES.OK;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'site-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}
