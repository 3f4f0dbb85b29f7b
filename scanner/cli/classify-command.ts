/** `mcp-atlas classify [--json] [--ignore-annotations] FILE`: classify tools offline. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Classification, Finding } from '../../data/schema/index.ts';
import { classifyTool, findToolFindings } from '../classify/index.ts';
import { ToolListError } from '../classify/input-error.ts';
import { parseToolList, type ToolList } from '../classify/parse-tool-list.ts';
import { renderClassifyTable } from '../classify/render-table.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

export const HELP = `Usage: mcp-atlas classify [options] FILE

Classify tools offline: read / write / destructive, risk, capability tags, reasons, and security findings.

FILE is a tools/list result ({"tools": [...]}), a bare array of tools, or a saved scan result; \`-\` reads stdin.

Options:
  --json                 print {"tools": [{"name", "classification", "findings"}]} in input order
  --ignore-annotations   classify as if no annotations were given (measures inference alone)
  -h, --help             show this help

Exit codes: 0 done, 2 bad command line, 3 the file is not a usable tool list.
`;

/** One classified tool, as printed by --json. */
export interface ClassifiedTool {
  name: string;
  classification: Classification;
  findings: Finding[];
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Classifies every tool of a parsed list, in input order. */
export function classifyList(list: ToolList, ignoreAnnotations: boolean): ClassifiedTool[] {
  return list.tools.map((tool) => {
    const classification = classifyTool(tool, list.context, { ignoreAnnotations });
    return { name: tool.name, classification, findings: findToolFindings(tool, list.context, classification) };
  });
}

/** Runs the classify command. */
export async function run(argv: string[]): Promise<ExitCode> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`mcp-atlas classify: ${(error as Error).message}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`mcp-atlas classify: expected exactly one FILE (or \`-\` for stdin), got ${positionals.length}\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    process.stderr.write(`mcp-atlas classify: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT_CODES.INVALID_INPUT;
  }
  let list: ToolList;
  try {
    list = parseToolList(text);
  } catch (error) {
    if (!(error instanceof ToolListError)) throw error;
    process.stderr.write(`mcp-atlas classify: ${file === '-' ? 'stdin' : file}: ${error.message}\n`);
    return EXIT_CODES.INVALID_INPUT;
  }
  const tools = classifyList(list, values['ignore-annotations'] === true);
  process.stdout.write(values.json === true ? `${JSON.stringify({ tools }, null, 2)}\n` : renderClassifyTable(tools));
  return EXIT_CODES.OK;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      'ignore-annotations': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
