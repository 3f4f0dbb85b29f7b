import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ScanResult } from '../../data/schema/index.ts';
import type { PolicyFormat } from '../../policies-gen/index.ts';
import { renderAuditSarif, type SarifServer } from '../audit/audit-sarif.ts';
import { AuditError } from '../audit/errors.ts';
import { readCatalogueRecord } from '../audit/load-catalogue-index.ts';
import { DEFAULT_LOCK_FILE } from '../audit/lock-store.ts';
import { standInTool } from '../audit/policy-tools.ts';
import { renderAuditTable } from '../audit/render-audit-table.ts';
import type { ResolvedServer } from '../audit/resolve-servers.ts';
import { type AuditOutcome, runAudit } from '../audit/run-audit.ts';
import { type PolicyServer, stackPolicy } from '../audit/stack-policy.ts';
import type { SandboxOptions } from '../sandbox/index.ts';
import { stopAllServersNow } from '../scan/stop-all.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { SCANNER_VERSION } from '../version.ts';
import { parseChoice, parseSeconds, UsageError } from './cli-options.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';
import { checkSandbox, parseSandboxFlags, SANDBOX_FLAGS, SANDBOX_HELP } from './sandbox-flags.ts';

/** Help text of `mcp-atlas audit`. */
export const AUDIT_HELP = `Usage: mcp-atlas audit [options]

Finds the MCP servers your clients are configured with (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf,
Codex, Gemini CLI), answers known npm package versions from the mcp-atlas catalogue without running anything,
and checks the stack as a whole: toxic flows (the lethal trifecta), servers shadowing each other's tools,
duplicate tool names, and tools changed since the last audit (mcp-atlas.lock.json). See docs/audit.md.

Options:
  --scan                start (or connect to) servers the catalogue does not know, with the env and headers their
                        config gives (values are never printed or written)
  --config FILE         also read this config file (repeatable; mcpServers, VS Code servers or Codex TOML)
  --project DIR         project whose .mcp.json, .cursor/, .vscode/, .codex/ and .gemini/ files are read (default: .)
  --lock FILE           the lock file (default ./${DEFAULT_LOCK_FILE}); rewritten after each audit
  --no-lock             neither read nor write a lock file
  --fail-on-change      exit ${EXIT_CODES.TOOLS_CHANGED} when tools changed since the lock file, and leave it as it is (for CI)
  --fail-on LEVEL       exit ${EXIT_CODES.FAIL_ON_THRESHOLD} when a stack finding or a tool reaches LEVEL: low, medium, high or critical
  --format FORMAT       table (default), json, sarif, or the stack policy: policylayer, intercept, claude, codex
  --json                same as --format json (the report: data/schema/json/audit-report.schema.json)
  --catalogue FILE      a catalogue index to answer from instead of the shipped one
  --timeout SEC         each scan as a whole (default 90)
  --concurrency N       servers scanned at once (default 4)
Sandbox of --scan (stdio servers run in bubblewrap, as with mcp-atlas scan; their config's env is passed to them):
${SANDBOX_HELP}  -h, --help            show this help

Exit codes: 0 done; 2 bad usage; 3 unreadable lock file or catalogue index; 4 --fail-on reached;
${EXIT_CODES.TOOLS_CHANGED} --fail-on-change and tools changed. A server that fails to scan is a result, not an exit code.
`;

const FORMATS = ['table', 'json', 'sarif', 'policylayer', 'intercept', 'claude', 'codex'] as const;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
const RANK: Record<(typeof LEVELS)[number], number> = { low: 0, medium: 1, high: 2, critical: 3 };

interface AuditInvocation {
  scan: boolean;
  configs: string[];
  project: string;
  lockPath: string | undefined;
  failOnChange: boolean;
  failOn: (typeof LEVELS)[number] | undefined;
  format: (typeof FORMATS)[number];
  catalogue: string | undefined;
  totalTimeoutMs: number | undefined;
  concurrency: number;
  sandbox: SandboxOptions;
}

function parseInvocation(argv: string[]): AuditInvocation | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      scan: { type: 'boolean' },
      config: { type: 'string', multiple: true },
      project: { type: 'string' },
      lock: { type: 'string' },
      'no-lock': { type: 'boolean' },
      'fail-on-change': { type: 'boolean' },
      'fail-on': { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      catalogue: { type: 'string' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      ...SANDBOX_FLAGS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument \`${terminalText(positionals[0], 60)}\``);
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError('--json conflicts with --format.');
  if (values['no-lock'] && values.lock !== undefined) throw new UsageError('--lock conflicts with --no-lock.');
  if (values['no-lock'] && values['fail-on-change']) throw new UsageError('--fail-on-change needs a lock file to compare with.');
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError('--concurrency expects a whole number from 1 to 32.');
  return {
    scan: values.scan === true,
    configs: values.config ?? [],
    project: resolve(values.project ?? '.'),
    lockPath: values['no-lock'] ? undefined : resolve(values.lock ?? DEFAULT_LOCK_FILE),
    failOnChange: values['fail-on-change'] === true,
    failOn: parseChoice('fail-on', values['fail-on'], LEVELS),
    format: values.json ? 'json' : (parseChoice('format', values.format, FORMATS) ?? 'table'),
    catalogue: values.catalogue,
    totalTimeoutMs: parseSeconds('timeout', values.timeout),
    concurrency,
    sandbox: parseSandboxFlags(values),
  };
}

/** The full tools of a resolved server: its scan, else its catalogue record, else stand-ins from the index. */
async function fullScan(entry: ResolvedServer): Promise<ScanResult | undefined> {
  if (entry.scan !== undefined) return entry.scan.status === 'ok' ? entry.scan : undefined;
  if (entry.indexed === undefined) return undefined;
  const record = entry.report.catalogueSlug === undefined ? undefined : await readCatalogueRecord(entry.report.catalogueSlug);
  if (record !== undefined) return record.scan;
  return {
    status: 'ok',
    warnings: [],
    transport: { type: 'stdio', command: entry.report.package?.name ?? entry.report.name, args: [], envNames: [] },
    tools: entry.indexed.map(standInTool),
    prompts: [],
    resources: [],
    resourceTemplates: [],
    scannedAt: new Date(0).toISOString(),
    durationMs: 0,
    scannerVersion: SCANNER_VERSION,
  };
}

async function render(outcome: AuditOutcome, invocation: AuditInvocation): Promise<string> {
  const { report, resolved } = outcome;
  if (invocation.format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (invocation.format === 'table') return renderAuditTable(report, process.stdout.columns ?? 120);
  const withScans = await Promise.all(resolved.map(async (entry) => ({ entry, scan: await fullScan(entry) })));
  if (invocation.format === 'sarif') {
    const servers: SarifServer[] = withScans.flatMap(({ entry, scan }) =>
      scan === undefined ? [] : [{ name: entry.report.name, configPath: entry.report.configPath, scan }],
    );
    const configs = new Map(report.servers.map((server) => [server.id, server.configPath]));
    return renderAuditSarif(servers, report.findings, process.cwd(), (id) => configs.get(id));
  }
  const policyServers: PolicyServer[] = withScans
    .filter(({ entry }) => !entry.report.disabled)
    .map(({ entry, scan }) => ({ name: entry.report.name, client: entry.report.client, tools: scan?.tools ?? [] }));
  const policy = stackPolicy(policyServers, invocation.format as PolicyFormat);
  for (const line of policy.skipped) process.stderr.write(`mcp-atlas audit: ${terminalText(line, 300)}\n`);
  return policy.text;
}

function reached(outcome: AuditOutcome, level: (typeof LEVELS)[number]): boolean {
  const min = RANK[level];
  if (outcome.report.findings.some((finding) => RANK[finding.severity] >= min)) return true;
  return outcome.report.servers.some((server) =>
    server.tools.some((tool) => (tool.risk !== undefined && RANK[tool.risk] >= min) || tool.findings.some((f) => RANK[f.severity] >= min)),
  );
}

/** Servers run in their own process groups: a Ctrl-C must kill them before the CLI dies. */
function killServersOnSignal(): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = () => {
      // The scanner's one stop: servers killed, memory cgroups and scratch folders removed (dying by the signal
      // skips the exit hook that would otherwise do the clean-up).
      stopAllServersNow();
      process.kill(process.pid, signal);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/** `mcp-atlas audit`: audits the configured MCP servers as one stack. */
export async function run(argv: string[]): Promise<ExitCode> {
  let invocation: AuditInvocation | 'help';
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    process.stderr.write(
      `mcp-atlas audit: ${error instanceof Error ? error.message : String(error)}\nRun \`mcp-atlas audit --help\` for usage.\n`,
    );
    return EXIT_CODES.USAGE;
  }
  if (invocation === 'help') {
    process.stdout.write(AUDIT_HELP);
    return EXIT_CODES.OK;
  }
  if (invocation.scan) {
    const refused = await checkSandbox(invocation.sandbox, 'audit');
    if (refused !== undefined) return refused;
  }
  const removeSignalHandlers = killServersOnSignal();
  let outcome: AuditOutcome;
  try {
    outcome = await runAudit({
      machine: { platform: process.platform, home: process.env.HOME ?? homedir(), env: process.env, project: invocation.project },
      configs: invocation.configs,
      scan: invocation.scan,
      lockPath: invocation.lockPath,
      writeLock: !invocation.failOnChange,
      ...(invocation.catalogue === undefined ? {} : { catalogue: invocation.catalogue }),
      concurrency: invocation.concurrency,
      scanOptions: {
        sandbox: invocation.sandbox,
        ...(invocation.totalTimeoutMs === undefined ? {} : { totalTimeoutMs: invocation.totalTimeoutMs }),
      },
      progress: (line) => process.stderr.write(`mcp-atlas audit: ${line}\n`),
    });
  } catch (error) {
    if (error instanceof AuditError) {
      process.stderr.write(`mcp-atlas audit: ${error.code}: ${terminalText(error.message, 400)}\n`);
      return error.code === 'LOCK_WRITE_FAILED' ? EXIT_CODES.INTERNAL_ERROR : EXIT_CODES.INVALID_INPUT;
    }
    throw error;
  } finally {
    removeSignalHandlers();
  }
  process.stdout.write(await render(outcome, invocation));
  for (const file of outcome.report.files.filter((f) => f.status === 'error')) {
    const at = file.error?.line === undefined ? '' : `:${file.error.line}:${file.error.column ?? 1}`;
    process.stderr.write(
      `mcp-atlas audit: could not read ${terminalText(file.path, 300)}${at}: ${terminalText(file.error?.message, 200)}\n`,
    );
  }
  if (invocation.failOnChange && outcome.report.changes.length > 0) {
    const n = outcome.report.changes.length;
    process.stderr.write(
      `mcp-atlas audit: ${n} tool change${n === 1 ? '' : 's'} since the lock file (--fail-on-change); the lock file was left as it was.\n`,
    );
    return EXIT_CODES.TOOLS_CHANGED;
  }
  if (invocation.failOn !== undefined && reached(outcome, invocation.failOn)) {
    process.stderr.write(`mcp-atlas audit: a finding or tool reached --fail-on ${invocation.failOn}.\n`);
    return EXIT_CODES.FAIL_ON_THRESHOLD;
  }
  return EXIT_CODES.OK;
}
