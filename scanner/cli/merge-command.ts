import { parseArgs } from 'node:util';
import { CrawlError } from '../crawl/errors.ts';
import { mergeDataDirs } from '../crawl/merge.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

const HELP = `Usage: mcp-atlas merge DIR... [--out DIR] [--json]

Combine the data directories written by crawl shards (each holding servers/*.json) into one,
then regenerate its catalogue.json. If a server appears in several inputs, a good scan beats a failed one,
then the newest scan wins (reported as a conflict).

Options:
  --out DIR    output data directory (default: data)
  --json       print a JSON summary on stdout
  -h, --help   show this help
`;

/** `mcp-atlas merge`. */
export async function run(argv: string[]): Promise<ExitCode> {
  let parsed: { values: { out?: string; json?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`mcp-atlas merge: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write(`mcp-atlas merge: give at least one data directory\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  const out = parsed.values.out ?? 'data';
  try {
    const summary = await mergeDataDirs(parsed.positionals, out);
    for (const line of summary.unreadable) process.stderr.write(`mcp-atlas merge: skipped unreadable ${line}\n`);
    if (summary.conflicts.length > 0)
      process.stderr.write(`mcp-atlas merge: ${summary.conflicts.length} servers in several inputs: ${summary.conflicts.join(', ')}\n`);
    process.stderr.write(
      `merge: ${summary.written} records into ${out}; ${summary.catalogue.totals.okServers} ok, ${summary.catalogue.totals.tools} tools\n`,
    );
    if (parsed.values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT_CODES.OK;
  } catch (error) {
    process.stderr.write(`mcp-atlas merge: ${(error as Error).message}\n`);
    return error instanceof CrawlError ? EXIT_CODES.INVALID_INPUT : EXIT_CODES.INTERNAL_ERROR;
  }
}
