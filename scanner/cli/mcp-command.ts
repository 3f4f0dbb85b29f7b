import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadRecords, SearchIndexError } from '../search-index/index.ts';
import { catalogueMcpServer } from '../serve/catalogue-mcp.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

const HELP = `Usage: mcp-atlas mcp [--data DIR] [--site-url URL]

Runs an MCP server over stdio that answers from the catalogue, for agents and MCP clients:
  get_server    a server's registry entry, scan receipt and tools with class and risk
  get_tool      one tool's verdict, reasons, findings and starter-policy rule
  search_tools  tools by words, class, risk, minimum risk, capability tag or server, riskiest first
  get_policy    a server's starter policy as policylayer, intercept, claude or codex
Every tool is read-only (readOnlyHint: true).

Options:
  --data DIR       catalogue folder with servers/*.json (default: data)
  --site-url URL   public origin of the catalogue site, to make page and policy links absolute
  -h, --help       show this help

Example client config: {"command": "npx", "args": ["mcp-atlas", "mcp", "--data", "/path/to/data"]}
Exit codes: 0 the client closed the connection, 2 usage, 3 invalid data.
`;

/** `mcp-atlas mcp`: serve the catalogue over MCP on stdio until the client disconnects. */
export async function run(argv: string[]): Promise<ExitCode> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    process.stderr.write(`mcp-atlas mcp: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
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
  // stdout is the protocol channel: progress goes to stderr only.
  process.stderr.write(`mcp-atlas mcp: ${records.length} servers from ${dataDir}, serving on stdio\n`);
  const server = catalogueMcpServer(records, (values['site-url'] ?? '').replace(/\/+$/, ''));
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
  return EXIT_CODES.OK;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'data-dir': { type: 'string' },
      'site-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}
