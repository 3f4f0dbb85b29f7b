import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

/** A CLI command: parses its own arguments, writes results to stdout and progress to stderr. */
export type Command = (argv: string[]) => Promise<ExitCode>;

/** Commands are loaded lazily so `mcp-atlas scan` never pays for the site or policy code. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  scan: { summary: 'connect to one MCP server and record what it exposes', load: () => import('./scan-command.ts') },
  classify: { summary: 'classify tools offline from a tools/list result or a saved scan', load: () => import('./classify-command.ts') },
  policy: { summary: 'generate a starter policy, export it, or check calls against one', load: () => import('./policy-command.ts') },
  audit: {
    summary: 'check the MCP servers your clients are configured with, as one stack',
    load: () => import('./audit-command.ts'),
  },
  guard: {
    summary: 'enforce a policy in front of an MCP server (stdio or HTTP), asking the user where it says so',
    load: () => import('./guard-command.ts'),
  },
  crawl: { summary: 'scan many servers from a sources file or an MCP registry into data/', load: () => import('./crawl-command.ts') },
  merge: { summary: 'combine the data/ outputs of crawl shards', load: () => import('./merge-command.ts') },
  index: { summary: 'push the catalogue to a Meilisearch server', load: () => import('./index-command.ts') },
  registry: { summary: 'serve the catalogue as an MCP registry API over HTTP', load: () => import('./registry-command.ts') },
  mcp: { summary: 'serve the catalogue to agents as an MCP server (stdio)', load: () => import('./mcp-command.ts') },
};

export const HELP = `mcp-atlas — catalogue and risk classification of MCP servers

Usage: mcp-atlas <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Run \`mcp-atlas <command> --help\` for a command's options.
`;

/** Runs the CLI and returns its exit code. Never throws. */
export async function main(argv: string[]): Promise<ExitCode> {
  const [name, ...rest] = argv;
  // Asked for help: stdout, exit 0. No command at all is a usage error: help on stderr, exit 2 (as for a bad command).
  if (name === undefined) {
    process.stderr.write(HELP);
    return EXIT_CODES.USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return EXIT_CODES.OK;
  }
  if (name === '--version' || name === '-v') {
    const { SCANNER_VERSION } = await import('../version.ts');
    process.stdout.write(`${SCANNER_VERSION}\n`);
    return EXIT_CODES.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`mcp-atlas: unknown command \`${name}\`\n\n${HELP}`);
    return EXIT_CODES.USAGE;
  }
  try {
    const { run } = await command.load();
    return await run(rest);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`mcp-atlas ${name}: internal error — please report it.\n${detail}\n`);
    return EXIT_CODES.INTERNAL_ERROR;
  }
}
